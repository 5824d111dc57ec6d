import type { IncomingMessage, ServerResponse } from 'node:http';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A listener that holds requests until it is given its handler. A port is bound before the
 * services that name it are built (function URLs and the functions' endpoint carry the port);
 * a request arriving meanwhile waits for them instead of being refused.
 */
export interface RequestGate {
  /** What the HTTP server calls for each request. */
  readonly listener: RequestHandler;
  /** Hands held requests, and every later one, to `handler`. */
  open(handler: RequestHandler): void;
}

export function requestGate(): RequestGate {
  let handler: RequestHandler | undefined;
  const held: [IncomingMessage, ServerResponse][] = [];
  return {
    listener: (req, res) => {
      if (handler) handler(req, res);
      else held.push([req, res]);
    },
    open(next) {
      if (handler) throw new Error('this request gate is open already');
      handler = next;
      for (const [req, res] of held.splice(0)) next(req, res);
    },
  };
}

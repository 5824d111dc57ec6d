import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceError } from '../../common/errors.js';
import type { InvokeResult } from '../invoke/invoker.js';

/**
 * The seam between the gateway listener (HTTP in, invocation, HTTP out) and the front doors it
 * serves (function URLs, REST APIs): each front door turns a request into a target and an event,
 * and the function's answer back into an HTTP response, in its own AWS payload format.
 */

/** One HTTP request as the gateway listener read it (body complete, within the size limit). */
export interface GatewayRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query. */
  rawPath: string;
  /** The query string as sent, without `?` ('' when none). */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /**
   * The headers as sent, name and value alternating, names in their own case, repeats kept
   * (Node's `rawHeaders`): for payload format 1.0's `multiValueHeaders`. Undefined: use `headers`.
   */
  rawHeaders?: readonly string[];
  body: Buffer;
  /** The Host header's name part, lower-cased, without the port. */
  hostname: string;
  sourceIp: string;
  /** The gateway's id for this request (also the invocation's request id). */
  requestId: string;
  /** Epoch milliseconds when the request arrived. */
  receivedAt: number;
}

/** The function version or alias a request is for. */
export interface GatewayTarget {
  functionName: string;
  /** A version number or alias name; undefined for `$LATEST`. */
  qualifier: string | undefined;
}

export interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** What a front door decided for a request it recognised. */
export type RouteDecision =
  /** Invoke `target` with `event`, then map its result with `respond`. */
  | {
      kind: 'invoke';
      target: GatewayTarget;
      event: Buffer;
      /** Maps the invocation's result (function errors included) to the HTTP response. */
      respond(result: InvokeResult): GatewayResponse;
      /**
       * Maps an invocation that could not run (throttled, function gone, not active) to this front
       * door's answer; undefined leaves it to the listener's defaults.
       */
      fail?(error: ServiceError): GatewayResponse | undefined;
    }
  /** Answer directly (unknown route, method not allowed, CORS preflight, auth failure, ...). */
  | { kind: 'answer'; response: GatewayResponse };

export interface GatewayRouter {
  /** undefined when the request is not for this front door (the next one is asked). */
  route(request: GatewayRequest): Promise<RouteDecision | undefined>;
}

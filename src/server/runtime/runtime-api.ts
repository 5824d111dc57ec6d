import { chmodSync, rmSync } from 'node:fs';
import { MAX_RESPONSE_BYTES } from './failure-payloads.js';
import type { ApiChannel, ApiReply, ApiRequest } from './runtime-api-channel.js';
import { listenFrames } from './runtime-api-frames.js';
import { listenHttp } from './runtime-api-http.js';

/** An event as the runtime receives it from `GET /runtime/invocation/next`. */
export interface DeliveredEvent {
  requestId: string;
  payload: Buffer;
  /** Unix epoch milliseconds. */
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
  /** JSON text, when the caller sent a client context. */
  clientContext: string | undefined;
  cognitoIdentity: string | undefined;
}

/** What the environment hears from its runtime. */
export interface RuntimeApiListener {
  /** The runtime asked for work: the first time, its init is over. */
  onNext(): void;
  onResponse(requestId: string, body: Buffer): void;
  onError(requestId: string, body: Buffer, errorType: string | undefined): void;
  onInitError(body: Buffer, errorType: string | undefined): void;
  onResponseTooLarge(requestId: string): void;
  /** The functions' clock, in epoch milliseconds (see CLOCK_PATH). */
  now(): number;
}

const PREFIX = '/2018-06-01/runtime/';
/**
 * gradual's own: the functions' clock as the platform reads it, `{"now": <epoch ms>}`. Under
 * --time-scale, gradual's bootstraps set their process's scaled clock against it once at start.
 */
export const CLOCK_PATH = '/gradual/clock';
const ACCEPTED = JSON.stringify({ status: 'OK' });

/** Where an environment's Runtime API listens. */
export interface ApiAddresses {
  /** Lambda's HTTP Runtime API on a Unix socket only this environment's sandbox can reach. */
  socket: string;
  /** Also on a loopback port (for `provided` runtimes without a network namespace of their own). */
  tcp: boolean;
  /** gradual's framed channel for its own bootstraps, on a second Unix socket; none: HTTP only. */
  frames: string | undefined;
}

type Phase =
  { kind: 'init' } | { kind: 'running'; requestId: string } | { kind: 'responded'; requestId: string };

function rapidError(res: ApiReply, status: number, errorType: string, errorMessage: string): void {
  res.send(status, { 'content-type': 'application/json' }, JSON.stringify({ errorType, errorMessage }));
}

function accepted(res: ApiReply): void {
  res.send(202, { 'content-type': 'application/json' }, ACCEPTED);
}

/**
 * The Lambda Runtime API (2018-06-01) for one environment, on a Unix socket only that environment
 * can reach: gradual's bootstraps speak to it directly (over its framed channel, or HTTP), and
 * everything else finds it at `AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001` inside the environment's own
 * network namespace. It hands out one event at a time and enforces RAPID's state machine and error
 * bodies (Lambda Developer Guide, Runtime API), the same on every channel.
 */
export class RuntimeApi {
  private readonly channels: ApiChannel[] = [];
  private phase: Phase = { kind: 'init' };
  /** A `/next` waiting for an event. */
  private waiting: ApiReply | undefined;
  /** An event waiting for the runtime's next `/next`. */
  private queued: DeliveredEvent | undefined;
  private readonly handle = (req: ApiRequest, res: ApiReply): void => this.route(req, res);

  constructor(private readonly listener: RuntimeApiListener) {}

  async listen(addresses: ApiAddresses): Promise<{ port: number | undefined }> {
    const { socket, frames } = addresses;
    rmSync(socket, { force: true });
    this.channels.push((await listenHttp({ path: socket }, this.handle)).channel);
    // The sandbox's uid connects; nobody else can reach the directory's path.
    chmodSync(socket, 0o666);
    if (frames !== undefined) {
      rmSync(frames, { force: true });
      this.channels.push(await listenFrames(frames, this.handle, MAX_RESPONSE_BYTES));
      chmodSync(frames, 0o666);
    }
    if (!addresses.tcp) return { port: undefined };
    const { channel, port } = await listenHttp({ port: 0, host: '127.0.0.1' }, this.handle);
    this.channels.push(channel);
    return { port };
  }

  /** Hands an event to the runtime now, or at its next `/next`. */
  deliver(event: DeliveredEvent): void {
    this.phase = { kind: 'running', requestId: event.requestId };
    const res = this.waiting;
    if (res) {
      this.waiting = undefined;
      this.send(res, event);
    } else {
      this.queued = event;
    }
  }

  /** Forgets everything about the previous process: a restarted runtime starts with init. */
  reset(): void {
    this.phase = { kind: 'init' };
    this.queued = undefined;
    this.waiting?.destroy();
    this.waiting = undefined;
  }

  close(): Promise<void> {
    this.waiting?.destroy();
    this.waiting = undefined;
    return Promise.all(this.channels.splice(0).map((c) => c.close())).then(() => undefined);
  }

  private send(res: ApiReply, e: DeliveredEvent): void {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': e.requestId,
      'lambda-runtime-deadline-ms': String(e.deadlineMs),
      'lambda-runtime-invoked-function-arn': e.invokedFunctionArn,
      'lambda-runtime-trace-id': e.traceId,
    };
    if (e.clientContext !== undefined) headers['lambda-runtime-client-context'] = e.clientContext;
    if (e.cognitoIdentity !== undefined) headers['lambda-runtime-cognito-identity'] = e.cognitoIdentity;
    res.send(200, headers, e.payload);
  }

  private route(req: ApiRequest, res: ApiReply): void {
    const url = req.url;
    if (req.method === 'GET' && url === CLOCK_PATH) return this.clock(req, res);
    if (!url.startsWith(PREFIX)) return this.notFound(req, res);
    const path = url.slice(PREFIX.length).split('?')[0] ?? '';
    if (req.method === 'GET' && path === 'invocation/next') return this.next(req, res);
    if (req.method === 'POST' && path === 'init/error') return this.initError(req, res);
    const m = /^invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (req.method === 'POST' && m) return this.result(req, res, decodeURIComponent(m[1]!), m[2]!);
    this.notFound(req, res);
  }

  private clock(req: ApiRequest, res: ApiReply): void {
    req.discard();
    res.send(200, { 'content-type': 'application/json' }, JSON.stringify({ now: this.listener.now() }));
  }

  private notFound(req: ApiRequest, res: ApiReply): void {
    req.discard();
    rapidError(res, 404, 'InvalidRequest', `No route for ${req.method} ${req.url}`);
  }

  private next(req: ApiRequest, res: ApiReply): void {
    req.discard();
    if (this.waiting) {
      // A second concurrent /next: Lambda serves one event at a time.
      return rapidError(res, 403, 'InvalidStateTransition', 'State transition is not allowed');
    }
    const event = this.queued;
    if (event) {
      this.queued = undefined;
      this.send(res, event);
    } else {
      this.waiting = res;
      res.onGone(() => {
        if (this.waiting === res) this.waiting = undefined;
      });
    }
    this.listener.onNext();
  }

  private initError(req: ApiRequest, res: ApiReply): void {
    if (this.phase.kind !== 'init') {
      req.discard();
      return rapidError(
        res,
        403,
        'InvalidStateTransition',
        'State transition from Ready to InitError failed for runtime. Error: State transition is not allowed',
      );
    }
    req.body(MAX_RESPONSE_BYTES, (body) => {
      accepted(res);
      this.listener.onInitError(body ?? Buffer.alloc(0), req.header('lambda-runtime-function-error-type'));
    });
  }

  private result(req: ApiRequest, res: ApiReply, requestId: string, kind: string): void {
    const phase = this.phase;
    const known = phase.kind !== 'init' && phase.requestId === requestId;
    if (!known) {
      req.discard();
      return rapidError(res, 400, 'InvalidRequestID', 'Invalid request ID');
    }
    if (phase.kind === 'responded') {
      req.discard();
      const to = kind === 'response' ? 'InvocationResponse' : 'InvocationErrorResponse';
      return rapidError(
        res,
        403,
        'InvalidStateTransition',
        `State transition from RuntimeResponseSentState to ${to} failed for runtime. Error: State transition is not allowed`,
      );
    }
    const mode = req.header('lambda-runtime-function-response-mode');
    if (kind === 'response' && mode !== undefined && mode !== 'streaming') {
      req.discard();
      return rapidError(res, 400, 'InvalidFunctionResponseMode', 'Invalid function response mode');
    }
    this.phase = { kind: 'responded', requestId };
    req.body(MAX_RESPONSE_BYTES, (body) => {
      if (body === undefined) {
        rapidError(
          res,
          413,
          'RequestEntityTooLarge',
          `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        );
        return this.listener.onResponseTooLarge(requestId);
      }
      accepted(res);
      if (kind === 'response') this.listener.onResponse(requestId, body);
      else this.listener.onError(requestId, body, req.header('lambda-runtime-function-error-type'));
    });
  }
}

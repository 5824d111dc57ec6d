import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { chmodSync, rmSync } from 'node:fs';
import { MAX_RESPONSE_BYTES } from './failure-payloads.js';

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

type Phase =
  { kind: 'init' } | { kind: 'running'; requestId: string } | { kind: 'responded'; requestId: string };

function rapidError(res: ServerResponse, status: number, errorType: string, errorMessage: string): void {
  const body = JSON.stringify({ errorType, errorMessage });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function accepted(res: ServerResponse): void {
  res.writeHead(202, { 'content-type': 'application/json', 'content-length': ACCEPTED.length });
  res.end(ACCEPTED);
}

/**
 * The Lambda Runtime API (2018-06-01) for one environment, on a Unix socket only that environment
 * can reach: gradual's bootstraps speak HTTP over it directly, and everything else finds it at
 * `AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001` inside the environment's own network namespace. It hands out one event at a time and enforces
 * RAPID's state machine and error bodies (Lambda Developer Guide, Runtime API).
 */
export class RuntimeApi {
  private readonly servers: Server[] = [];
  private phase: Phase = { kind: 'init' };
  /** A `/next` waiting for an event. */
  private waiting: ServerResponse | undefined;
  /** An event waiting for the runtime's next `/next`. */
  private queued: DeliveredEvent | undefined;

  constructor(private readonly listener: RuntimeApiListener) {}

  /**
   * Listens on a Unix socket (which only this environment's sandbox can reach) and, where the
   * environment has no network namespace of its own, on a loopback port for `provided` runtimes.
   */
  async listen(socket: string, tcp: boolean): Promise<{ port: number | undefined }> {
    rmSync(socket, { force: true });
    await this.serve({ path: socket });
    // The sandbox's uid connects; nobody else can reach the directory's path.
    chmodSync(socket, 0o666);
    const port = tcp ? await this.serve({ port: 0, host: '127.0.0.1' }) : undefined;
    return { port };
  }

  private serve(address: { path: string } | { port: number; host: string }): Promise<number | undefined> {
    const server = createServer({ keepAlive: true, noDelay: true, requestTimeout: 0 }, (req, res) =>
      this.route(req, res),
    );
    server.keepAliveTimeout = 0;
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(address, () => {
        const bound = server.address();
        resolve(typeof bound === 'object' && bound ? bound.port : undefined);
      });
    });
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
    return Promise.all(
      this.servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
  }

  private send(res: ServerResponse, e: DeliveredEvent): void {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': e.payload.length,
      'lambda-runtime-aws-request-id': e.requestId,
      'lambda-runtime-deadline-ms': String(e.deadlineMs),
      'lambda-runtime-invoked-function-arn': e.invokedFunctionArn,
      'lambda-runtime-trace-id': e.traceId,
    };
    if (e.clientContext !== undefined) headers['lambda-runtime-client-context'] = e.clientContext;
    if (e.cognitoIdentity !== undefined) headers['lambda-runtime-cognito-identity'] = e.cognitoIdentity;
    res.writeHead(200, headers);
    res.end(e.payload);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === CLOCK_PATH) return this.clock(req, res);
    if (!url.startsWith(PREFIX)) return this.notFound(req, res);
    const path = url.slice(PREFIX.length).split('?')[0] ?? '';
    if (req.method === 'GET' && path === 'invocation/next') return this.next(req, res);
    if (req.method === 'POST' && path === 'init/error') return this.initError(req, res);
    const m = /^invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (req.method === 'POST' && m) return this.result(req, res, decodeURIComponent(m[1]!), m[2]!);
    this.notFound(req, res);
  }

  private clock(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const body = JSON.stringify({ now: this.listener.now() });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  }

  private notFound(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    rapidError(res, 404, 'InvalidRequest', `No route for ${req.method} ${req.url}`);
  }

  private next(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
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
      res.once('close', () => {
        if (this.waiting === res) this.waiting = undefined;
      });
    }
    this.listener.onNext();
  }

  private initError(req: IncomingMessage, res: ServerResponse): void {
    if (this.phase.kind !== 'init') {
      req.resume();
      return rapidError(
        res,
        403,
        'InvalidStateTransition',
        'State transition from Ready to InitError failed for runtime. Error: State transition is not allowed',
      );
    }
    void readBody(req, MAX_RESPONSE_BYTES).then((body) => {
      accepted(res);
      this.listener.onInitError(body ?? Buffer.alloc(0), errorTypeHeader(req));
    });
  }

  private result(req: IncomingMessage, res: ServerResponse, requestId: string, kind: string): void {
    const phase = this.phase;
    const known = phase.kind !== 'init' && phase.requestId === requestId;
    if (!known) {
      req.resume();
      return rapidError(res, 400, 'InvalidRequestID', 'Invalid request ID');
    }
    if (phase.kind === 'responded') {
      req.resume();
      const to = kind === 'response' ? 'InvocationResponse' : 'InvocationErrorResponse';
      return rapidError(
        res,
        403,
        'InvalidStateTransition',
        `State transition from RuntimeResponseSentState to ${to} failed for runtime. Error: State transition is not allowed`,
      );
    }
    const mode = req.headers['lambda-runtime-function-response-mode'];
    if (kind === 'response' && mode !== undefined && mode !== 'streaming') {
      req.resume();
      return rapidError(res, 400, 'InvalidFunctionResponseMode', 'Invalid function response mode');
    }
    this.phase = { kind: 'responded', requestId };
    void readBody(req, MAX_RESPONSE_BYTES).then((body) => {
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
      else this.listener.onError(requestId, body, errorTypeHeader(req));
    });
  }
}

function errorTypeHeader(req: IncomingMessage): string | undefined {
  const value = req.headers['lambda-runtime-function-error-type'];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a request body, or undefined (draining the rest) once it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      req.resume();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(over ? undefined : Buffer.concat(chunks, size)));
    req.once('error', () => resolve(over ? undefined : Buffer.concat(chunks)));
  });
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiChannel, ApiReply, ApiRequest, ApiHandler } from './runtime-api-channel.js';

/** The Runtime API over HTTP/1.1, as Lambda serves it: for `provided` runtimes and anyone else. */
export function listenHttp(
  address: { path: string } | { port: number; host: string },
  handle: ApiHandler,
): Promise<{ channel: ApiChannel; port: number | undefined }> {
  const server: Server = createServer({ keepAlive: true, noDelay: true, requestTimeout: 0 }, (req, res) =>
    handle(new HttpRequest(req), new HttpReply(res)),
  );
  server.keepAliveTimeout = 0;
  const channel: ApiChannel = {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => {
      const bound = server.address();
      resolve({ channel, port: typeof bound === 'object' && bound ? bound.port : undefined });
    });
  });
}

class HttpRequest implements ApiRequest {
  constructor(private readonly req: IncomingMessage) {}

  get method(): string {
    return this.req.method ?? '';
  }

  get url(): string {
    return this.req.url ?? '';
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return typeof value === 'string' ? value : undefined;
  }

  discard(): void {
    this.req.resume();
  }

  body(limit: number, done: (body: Buffer | undefined) => void): void {
    void readBody(this.req, limit).then(done);
  }
}

class HttpReply implements ApiReply {
  constructor(private readonly res: ServerResponse) {}

  send(status: number, headers: Record<string, string | number>, body: Buffer | string): void {
    headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    this.res.writeHead(status, headers);
    this.res.end(body);
  }

  onGone(callback: () => void): void {
    this.res.once('close', callback);
  }

  destroy(): void {
    this.res.destroy();
  }
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

import { createServer, type Server, type Socket } from 'node:net';
import type { ApiChannel, ApiHandler, ApiReply, ApiRequest } from './runtime-api-channel.js';
import { encodeFrame, FrameReader, parseRequestHead, type RequestHead } from './runtime-frames.js';

/**
 * The Runtime API over gradual's framed channel (./runtime-frames.ts) on a Unix socket: the same
 * rules, without HTTP's parsing and without a 202 for every result.
 */
export function listenFrames(path: string, handle: ApiHandler, bodyLimit: number): Promise<ApiChannel> {
  const connections = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    serveConnection(socket, handle, bodyLimit);
  });
  const channel: ApiChannel = {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of connections) socket.destroy();
      }),
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path }, () => resolve(channel));
  });
}

function serveConnection(socket: Socket, handle: ApiHandler, bodyLimit: number): void {
  /** Replies still owed on this connection, told when it goes. */
  const owed = new Set<FrameReply>();
  const reader = new FrameReader(bodyLimit, (event) => {
    if (event.kind === 'malformed') return void socket.destroy();
    const head = parseRequestHead(event.head);
    if (!head) return void socket.destroy();
    handle(new FrameRequest(head, event.body), new FrameReply(socket, head, owed));
  });
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('error', () => socket.destroy());
  socket.once('close', () => {
    for (const reply of owed) reply.gone();
    owed.clear();
  });
}

class FrameRequest implements ApiRequest {
  constructor(
    private readonly head: RequestHead,
    private readonly content: Buffer | undefined,
  ) {}

  get method(): string {
    return this.head.m;
  }

  get url(): string {
    return this.head.p;
  }

  header(name: string): string | undefined {
    return this.head.h[name];
  }

  body(limit: number, done: (body: Buffer | undefined) => void): void {
    const content = this.content;
    done(content === undefined || content.length > limit ? undefined : content);
  }

  discard(): void {
    // The frame reader has taken (or skipped) the body already.
  }
}

class FrameReply implements ApiReply {
  private goneCallback: (() => void) | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly head: RequestHead,
    private readonly owed: Set<FrameReply>,
  ) {}

  send(status: number, headers: Record<string, string | number>, body: Buffer | string): void {
    this.owed.delete(this);
    // A quiet request (a result) hears back only when it is refused.
    if (this.head.q === true && status < 300) return;
    if (this.socket.writable) this.socket.write(encodeFrame({ i: this.head.i, s: status, h: headers }, body));
  }

  onGone(callback: () => void): void {
    this.goneCallback = callback;
    this.owed.add(this);
  }

  gone(): void {
    this.goneCallback?.();
  }

  destroy(): void {
    this.owed.delete(this);
    this.socket.destroy();
  }
}

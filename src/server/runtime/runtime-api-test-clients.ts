import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameReader } from './runtime-frames.js';

/** A reply as a test reads it, whichever channel carried it. */
export interface TestReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A runtime's side of one channel, for tests: requests in, replies out. */
export interface TestClient {
  request(
    method: string,
    path: string,
    body?: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<TestReply>;
  /** A result that asks for no reply unless refused (framed); over HTTP, an ordinary request. */
  quiet(
    path: string,
    body: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<TestReply | undefined>;
  close(): void;
}

/** HTTP on the Runtime API's loopback port, as `provided` runtimes speak it. */
export function httpClient(port: number): TestClient {
  const request = async (
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
  ): Promise<TestReply> => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, body, headers });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
  return { request, quiet: (path, body, headers) => request('POST', path, body, headers), close: () => {} };
}

/** gradual's framed channel on its Unix socket, as its bootstraps speak it. */
export function framesClient(path: string): TestClient {
  const socket: Socket = connect({ path });
  const waiting = new Map<number, (reply: TestReply) => void>();
  /** Replies to quiet requests: refusals. */
  const unasked: TestReply[] = [];
  let lastId = 0;
  const reader = new FrameReader(64 * 1024 * 1024, (event) => {
    if (event.kind !== 'frame') throw new Error(event.reason);
    const head = JSON.parse(event.head.toString('utf8')) as {
      i: number;
      s: number;
      h: Record<string, string | number>;
    };
    const reply: TestReply = {
      status: head.s,
      headers: Object.fromEntries(Object.entries(head.h).map(([k, v]) => [k, String(v)])),
      body: event.body?.toString('utf8') ?? '',
    };
    const resolve = waiting.get(head.i);
    waiting.delete(head.i);
    if (resolve) resolve(reply);
    else unasked.push(reply);
  });
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  const send = (
    method: string,
    p: string,
    body: string | Buffer | undefined,
    h: Record<string, string>,
    q: boolean,
  ) => {
    lastId += 1;
    const headers = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    socket.write(encodeFrame({ i: lastId, m: method, p, h: headers, ...(q ? { q: true } : {}) }, body));
    return lastId;
  };
  return {
    request: (method, p, body, headers = {}) =>
      new Promise((resolve) => waiting.set(send(method, p, body, headers, false), resolve)),
    quiet: async (p, body, headers = {}) => {
      const before = unasked.length;
      send('POST', p, body, headers, true);
      // A refusal comes back at once; a round trip on the same connection says none is coming.
      await new Promise((resolve) => waiting.set(send('GET', '/nowhere', undefined, {}, false), resolve));
      return unasked.length > before ? unasked.pop() : undefined;
    },
    close: () => socket.destroy(),
  };
}

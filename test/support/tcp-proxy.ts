import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between one client (a gradual node) and a server (the test PostgreSQL), which the
 * test can cut and restore without touching the server or anything else using it.
 * - `blackhole`: a network partition: connections stay open, nothing passes either way, new
 *   connections are accepted and hear nothing. `restore` lets what was held through, as a healed
 *   network does.
 * - `refuse`: the server gone: every connection is reset and new ones are refused.
 */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  cut(mode: 'blackhole' | 'refuse'): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Bytes held by a partition, each with the socket it is for, in order. */
  held: { to: Socket; chunk: Buffer }[];
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: 'open' | 'blackhole' | 'refuse' = 'open';
  const server: Server = createServer((client) => {
    if (mode === 'refuse') {
      // The node may reset too as it gives up: that is expected here, not an uncaught error.
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(target);
    const pair: Pair = { client, upstream, held: [] };
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    const forward = (from: Socket, to: Socket): void => {
      from.on('data', (chunk: Buffer) => {
        if (mode === 'blackhole') pair.held.push({ to, chunk });
        else to.write(chunk);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    cut(next) {
      mode = next;
      if (next === 'refuse') {
        for (const pair of pairs) {
          pair.client.resetAndDestroy();
          pair.upstream.destroy();
        }
      }
      return Promise.resolve();
    },
    restore() {
      mode = 'open';
      for (const pair of pairs) {
        for (const { to, chunk } of pair.held.splice(0)) to.write(chunk);
      }
      return Promise.resolve();
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

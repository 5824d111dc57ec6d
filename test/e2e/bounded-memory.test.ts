import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Pool, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 12, attack 5: unsigned `GET /ui/static/<random>.js` misses were cached forever (30,000
 * requests took the heap from 33 MB to 205 MB). Now no miss is remembered, wherever the name comes
 * from (a static file, a function to invoke, an API id on the gateway): after full collections the
 * heap is where it was, within the test's noise. (Authentication is off here only so that plain
 * HTTP requests reach the lookups; signed ones take the same paths.)
 */
let t: TestServer;
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/**
 * The power to see a leak is the limit over the requests: 1 MiB over 10,000 fails at 105 bytes held
 * per request, as 3 MiB over 30,000 did, for a third of the CPU (each request costs about 0.3 ms,
 * client and server, in this one process). With the three fixed leaks put back, 10,000 requests
 * grew the heap 3.9 MB (static), 1.9 MB (invoke) and 2.3 MB (gateway). Without them, after the same
 * warm-up, growth over 2,000 to 10,000 requests stayed within -0.7 and +0.23 MB in 40 runs: it
 * does not scale with the count. (Up to +0.5 MB follows a run of a few hundred requests, with less
 * in code and old space after it; the warm-up below is there so that the measured run starts warm.)
 */
const REQUESTS = 10_000;
const WARM_UP = 2000;
const GROWTH_LIMIT = 1024 * 1024;
/** At load 10 to 13 the file gets a fifth of a core or less: more than the suite's 120 s. */
const TEST_TIMEOUT_MS = 400_000;

/** The heap after full collections, with the finalizers they schedule (web Request signals) run. */
async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return process.memoryUsage().heapUsed;
}

beforeAll(async () => {
  t = await startTestServer({ auth: 'off' });
});
afterAll(() => t?.dispose());

interface Requests {
  base: string;
  count: number;
  method?: 'GET' | 'POST';
  /** Made on the fly, so the test itself holds none of them. */
  path(i: number): string;
  host?(i: number): string;
}

/**
 * One request on the pool; its status once the whole response has been read. undici's plain
 * handler callbacks (the ones it uses inside, marked deprecated for callers in favour of a
 * wrapped form that costs more here).
 */
function statusOf(pool: Pool, options: Dispatcher.DispatchOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    pool.dispatch(options, {
      onConnect: () => undefined,
      onHeaders: (code) => {
        status = code;
        return true;
      },
      onData: () => true,
      onComplete: () => resolve(status),
      onError: reject,
    });
  });
}

/**
 * Sends the requests, 16 at a time over 16 kept-alive connections; the statuses seen. undici's
 * pool rather than node:http's agent, and its handler interface rather than `request` (which
 * builds a body stream per response): the client shares the fork (and its heap) with the server,
 * and costs it a fifth to a third less CPU per request than `request`; the rest is the server's own work.
 */
async function send(r: Requests): Promise<Set<number>> {
  const pool = new Pool(r.base, { connections: 16 });
  const statuses = new Set<number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < r.count) {
      const i = next++;
      statuses.add(
        await statusOf(pool, {
          method: r.method ?? 'GET',
          path: r.path(i),
          ...(r.host ? { headers: { host: r.host(i) } } : {}),
          ...(r.method === 'POST' ? { body: '{}' } : {}),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await pool.close();
  return statuses;
}

/** How much the heap grew over the requests, after a warm-up of the same kind. */
async function growth(r: Requests): Promise<{ grown: number; statuses: Set<number> }> {
  await send({ ...r, count: WARM_UP, path: (i) => r.path(i + 1e9) });
  const before = await heapAfterGc();
  const statuses = await send(r);
  return { grown: (await heapAfterGc()) - before, statuses };
}

const random = (i: number, length: number): string => i.toString(36).padStart(length, 'q');

describe('memory does not grow with request input', () => {
  it(
    '10,000 static-file misses leave the heap where it was',
    async () => {
      expect(await send({ base: t.server.url, count: 1, path: () => '/ui/static/js/main.js' })).toEqual(
        new Set([200]),
      );
      const { grown, statuses } = await growth({
        base: t.server.url,
        count: REQUESTS,
        path: (i) => `/ui/static/${random(i, 200)}.js`,
      });
      expect(statuses).toEqual(new Set([404]));
      expect(grown).toBeLessThan(GROWTH_LIMIT);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '10,000 invocations of functions that do not exist leave the heap where it was',
    async () => {
      const { grown, statuses } = await growth({
        base: t.server.url,
        count: REQUESTS,
        method: 'POST',
        path: (i) => `/2015-03-31/functions/${random(i, 64)}/invocations`,
      });
      expect(statuses).toEqual(new Set([404]));
      expect(grown).toBeLessThan(GROWTH_LIMIT);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '10,000 gateway requests for API ids that do not exist leave the heap where it was',
    async () => {
      const { grown, statuses } = await growth({
        base: t.server.gateway.url,
        count: REQUESTS,
        path: () => '/prod/',
        host: (i) => `${random(i, 10)}.execute-api.localhost`,
      });
      expect(statuses.size).toBe(1);
      expect(grown).toBeLessThan(GROWTH_LIMIT);
    },
    TEST_TIMEOUT_MS,
  );
});

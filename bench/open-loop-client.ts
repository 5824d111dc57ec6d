/**
 * Open-loop load generator, run as its own process (never in the server's event loop): sends POSTs
 * at a fixed rate whether or not earlier ones have answered, and measures each latency from the time
 * the request was *meant* to be sent, so a stall of the server (or of this process) counts against
 * every request it delayed (no coordinated omission). wrk2 does this in C; it is not packaged.
 * Usage: node --import tsx bench/open-loop-client.ts URL RATE SECONDS BODY -> one JSON line.
 */
import { Pool } from 'undici';

const [url = '', rateArg = '100', secondsArg = '5', body = '{}'] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const WARM_UP_S = 1;

// undici rather than node:http: about a third less of the generator's CPU per request (measured
// against a bare server at 4,400/s: 1.65-1.90 against 2.4-3.9 user CPU-s for 5 s), CPU this
// process would otherwise take from the server it measures. One request per connection at a time.
const target = new URL(url);
const pool = new Pool(target.origin, { connections: 512, pipelining: 1 });
const headers = { 'content-type': 'application/json' };
const latencies: number[] = [];
const sendLag: number[] = [];
let failures = 0;
let outstanding = 0;

function send(intended: number, record: boolean): void {
  outstanding++;
  if (record) sendLag.push(performance.now() - intended);
  pool.request({ path: target.pathname, method: 'POST', headers, body }).then(
    async (res) => {
      await res.body.dump();
      outstanding--;
      if (res.statusCode !== 200) failures++;
      else if (record) latencies.push(performance.now() - intended);
    },
    () => {
      outstanding--;
      failures++;
    },
  );
}

/** -1 when nothing completed (JSON has no NaN). */
function pick(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? -1;
}

const start = performance.now();
const cpuAtStart = process.cpuUsage();
const total = rate * (WARM_UP_S + seconds);
let next = 0;
await new Promise<void>((done) => {
  const tick = (): void => {
    const now = performance.now();
    while (next < total && start + (next * 1000) / rate <= now) {
      send(start + (next * 1000) / rate, next >= rate * WARM_UP_S);
      next++;
    }
    // Sleep to the next millisecond rather than spin: a spinning generator takes a core of a
    // 2-core machine from the server it measures. How late this sends is in each latency.
    if (next < total) setTimeout(tick, 1);
    else done();
  };
  tick();
});
const sent = performance.now();
const cpu = process.cpuUsage(cpuAtStart);
const drained = performance.now() + 20_000;
while (outstanding > 0 && performance.now() < drained) await new Promise((r) => setTimeout(r, 10));
latencies.sort((a, b) => a - b);
sendLag.sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    rate,
    completed: latencies.length,
    failures,
    p50: pick(latencies, 50),
    p99: pick(latencies, 99),
    max: latencies.at(-1) ?? -1,
    unanswered: outstanding,
    sendLagP99: pick(sendLag, 99),
    generatorCpu: (cpu.user + cpu.system) / 1000 / (sent - start),
  }) + '\n',
);
await pool.destroy();
process.exit(0); // whatever is still unanswered after the drain is reported, not waited for

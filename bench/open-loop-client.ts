/**
 * Open-loop load generator, run as its own process (never in the server's event loop): sends POSTs
 * at a fixed rate whether or not earlier ones have answered, and measures each latency from the time
 * the request was *meant* to be sent, so a stall of the server (or of this process) counts against
 * every request it delayed (no coordinated omission). wrk2 does this in C; it is not packaged.
 * Usage: node --import tsx bench/open-loop-client.ts URL RATE SECONDS BODY -> one JSON line.
 */
import { Agent, request } from 'node:http';

const [url = '', rateArg = '100', secondsArg = '5', body = '{}'] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const WARM_UP_S = 1;

const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const target = new URL(url);
const latencies: number[] = [];
const sendLag: number[] = [];
let failures = 0;
let outstanding = 0;

function send(intended: number, record: boolean): void {
  outstanding++;
  if (record) sendLag.push(performance.now() - intended);
  const req = request(
    {
      hostname: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        outstanding--;
        if (res.statusCode !== 200) failures++;
        else if (record) latencies.push(performance.now() - intended);
      });
    },
  );
  req.on('error', () => {
    outstanding--;
    failures++;
  });
  req.end(body);
}

/** -1 when nothing completed (JSON has no NaN). */
function pick(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? -1;
}

const start = performance.now();
const total = rate * (WARM_UP_S + seconds);
let next = 0;
await new Promise<void>((done) => {
  const tick = (): void => {
    const now = performance.now();
    while (next < total && start + (next * 1000) / rate <= now) {
      send(start + (next * 1000) / rate, next >= rate * WARM_UP_S);
      next++;
    }
    if (next < total) setImmediate(tick);
    else done();
  };
  tick();
});
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
  }) + '\n',
);
agent.destroy();
process.exit(0); // whatever is still unanswered after the drain is reported, not waited for

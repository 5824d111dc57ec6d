/**
 * What metrics cost the invoke path. Two measurements, each against a no-op observer in the same
 * run, medians over several alternating rounds:
 *
 * 1. Recording alone: InvocationRecord after InvocationRecord into the real recorder (one-second
 *    aggregation, DDSketch durations, SQLite flushes every second, plus alarms evaluating on new
 *    data) vs into `ignoreInvocations`. The ratio is large because the no-op costs nothing; the
 *    per-record cost in ns is the figure to read.
 * 2. A stand-in invocation: an HTTP round trip to a local server per invocation (less than a real
 *    invoke costs), with the record made after each response, metrics on vs off. This ratio is
 *    what the invoke path would see at best; invoke itself is not on this branch yet.
 *
 * Run: npm run bench:metrics [-- --rounds 5]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../src/common/clock.js';
import { silentLog } from '../src/common/log.js';
import {
  ignoreInvocations,
  type InvocationObserver,
  type InvocationRecord,
} from '../src/server/invoke/invocation-record.js';
import { decideAlarmConfig } from '../src/server/metrics/alarms/alarm-rules.js';
import { startMetricsSystem, type MetricsSystem } from '../src/server/metrics/metrics-system.js';
import { openSqliteStore } from '../src/server/store/sqlite/sqlite-store.js';
import type { Store } from '../src/server/store/store.js';
import { median } from './stats.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 7;
const RECORDS = 200_000;
const INVOCATIONS = 10_000;
const CONCURRENCY = 16;
const FUNCTIONS = 20;

/** A realistic mix: 20 functions, alias / version / unqualified calls, 2% errors, 0.5% throttles. */
function workload(n: number): InvocationRecord[] {
  const out: InvocationRecord[] = [];
  for (let i = 0; i < n; i++) {
    const fn = `fn-${i % FUNCTIONS}`;
    const kind = i % 10;
    out.push({
      functionName: fn,
      qualifier: kind < 7 ? 'live' : kind < 9 ? String(1 + (i % 2)) : undefined,
      executedVersion: kind < 9 ? String(1 + (i % 2)) : '$LATEST',
      startedAt: 0,
      durationMs: 5 + ((i * 7919) % 300) / 3,
      outcome: i % 200 === 0 ? 'throttled' : i % 50 === 0 ? 'error' : 'success',
      errorType: i % 50 === 0 ? 'Unhandled' : undefined,
      invocationType: i % 20 === 0 ? 'Event' : 'RequestResponse',
      concurrentExecutions: 1 + (i % 8),
      coldStart: i % 500 === 0,
    });
  }
  return out;
}

interface Metered {
  observer: InvocationObserver;
  close(): Promise<void>;
}

async function metricsOn(): Promise<Metered> {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-bench-'));
  const store: Store = openSqliteStore(join(dir, 'gradual.db'));
  const clock = realClock();
  const system: MetricsSystem = await startMetricsSystem(
    {
      store,
      clock,
      wallClock: clock,
      log: silentLog,
      account: { region: 'us-east-1', accountId: '000000000000' },
    },
    { metrics: { flushIntervalMs: 1000 } },
  );
  // Canary-style alarms on five functions' alias errors: evaluated whenever their data moves.
  for (let i = 0; i < 5; i++) {
    await system.alarms.put(
      decideAlarmConfig({
        name: `errors-${i}`,
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: [
          { name: 'FunctionName', value: `fn-${i}` },
          { name: 'Resource', value: `fn-${i}:live` },
        ],
        statistic: 'Sum',
        period: 60,
        evaluationPeriods: 1,
        threshold: 1000,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        metricMath: false,
      }),
    );
  }
  return {
    observer: system.recorder,
    async close() {
      await system.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const off = (): Promise<Metered> =>
  Promise.resolve({ observer: ignoreInvocations, close: () => Promise.resolve() });
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

/** Records in batches, letting timers and alarm evaluations run in between, as a server would. */
async function recordAll(m: Metered, records: InvocationRecord[]): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    r.startedAt = Date.now();
    m.observer.record(r);
    if (i % 1000 === 999) await yieldToLoop();
  }
  return performance.now() - start;
}

/** An invocation stand-in: one keep-alive HTTP round trip, then the record. */
async function invokeAll(m: Metered, url: string, records: InvocationRecord[]): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < records.length) {
      const r = records[next++]!;
      r.startedAt = Date.now();
      const res = await fetch(url, { method: 'POST', body: '{"ok":true}' });
      await res.arrayBuffer();
      m.observer.record(r);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - start;
}

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"statusCode":200}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const records = workload(RECORDS);
  const calls = workload(INVOCATIONS);
  const rec = { on: [] as number[], off: [] as number[] };
  const inv = { on: [] as number[], off: [] as number[] };
  await invokeAll(await off(), url, calls.slice(0, 5000)); // warm up fetch and the JIT
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      const m = mode === 'on' ? await metricsOn() : await off();
      rec[mode].push(await recordAll(m, records));
      inv[mode].push(await invokeAll(m, url, calls));
      await m.close();
    }
  }
  server.close();

  const perSecond = (n: number, ms: number) => (n / ms) * 1000;
  const line = (label: string, n: number, unit: string, samples: number[]): string => {
    const rates = samples.map((ms) => perSecond(n, ms));
    return `  ${label.padEnd(11)} ${perSecond(n, median(samples)).toFixed(0).padStart(9)} ${unit} (rounds: ${Math.min(...rates).toFixed(0)}..${Math.max(...rates).toFixed(0)})`;
  };
  console.log(`\nmetrics overhead, medians of ${rounds} alternating rounds (node ${process.version})`);
  console.log(`recording alone, ${RECORDS} records:`);
  console.log(line('metrics on', RECORDS, 'rec/s', rec.on));
  console.log(line('no-op', RECORDS, 'rec/s', rec.off));
  console.log(
    `  cost: ${((median(rec.on) / RECORDS) * 1e6).toFixed(0)} ns/record with metrics on (flushes and alarm evaluations included), ratio on/off ${(median(rec.off) / median(rec.on)).toFixed(3)}`,
  );
  console.log(`HTTP round trip + record, ${INVOCATIONS} invocations at concurrency ${CONCURRENCY}:`);
  console.log(line('metrics on', INVOCATIONS, 'inv/s', inv.on));
  console.log(line('no-op', INVOCATIONS, 'inv/s', inv.off));
  console.log(`  ratio on/off ${(median(inv.off) / median(inv.on)).toFixed(3)}`);
}

await main();

/**
 * Engine cost per step with 1,000 concurrent deployments on virtual time: a real SQLite store and
 * engine, in-memory aliases, Linear10PercentEvery1Minute (10 shifts each). Baseline, in the same
 * run: the pure `step` function alone over the same deployments (no store, no effects), so the
 * ratio is what persistence and orchestration add per step.
 *
 * Run: npm run bench:deploy [-- --deployments 1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINUTE, VirtualClock } from '../src/common/clock.js';
import { silentLog } from '../src/common/log.js';
import { seededRandom } from '../src/common/random.js';
import { DeployEngine } from '../src/server/deployments/engine.js';
import type { Deployment } from '../src/server/deployments/model.js';
import type { AliasView } from '../src/server/deployments/observations.js';
import { step } from '../src/server/deployments/step.js';
import { appSpec, deployment, World } from '../src/server/deployments/test-support/sim.js';
import { openSqliteStore } from '../src/server/store/sqlite/sqlite-store.js';
import { median, printTable } from './stats.js';

const count = Number(process.argv[process.argv.indexOf('--deployments') + 1]) || 1000;
const CONFIG = 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute';

function deployments(): Deployment[] {
  return Array.from({ length: count }, (_, i) =>
    deployment(
      CONFIG,
      { id: `d-${String(i).padStart(9, '0')}`, groupName: `g${i}` },
      appSpec('1', '2').replace(/Name: fn/, `Name: fn${i}`),
    ),
  );
}

async function engineRun(): Promise<{ msPerStep: number; steps: number; totalMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-bench-'));
  const store = openSqliteStore(join(dir, 'db'));
  const clock = new VirtualClock();
  const aliases = new Map<string, AliasView>();
  const engine = new DeployEngine({
    store: store.deploy,
    clock,
    random: seededRandom(7),
    log: silentLog,
    ports: {
      aliases: {
        get: (fn) => Promise.resolve(aliases.get(fn) ?? { functionVersion: '1', routing: undefined }),
        versionExists: () => Promise.resolve(true),
        set: (fn, _alias, functionVersion, weights) => {
          const [version, weight] = Object.entries(weights)[0] ?? [];
          aliases.set(fn, {
            functionVersion,
            routing: version === undefined ? undefined : { version, weight: weight! },
          });
          return Promise.resolve();
        },
      },
      alarms: { states: () => Promise.resolve({}), onChange: () => () => undefined },
      hooks: { invokeAsync: () => Promise.resolve() },
      traffic: {
        invocations: () => Promise.resolve(0),
        counts: () => Promise.resolve({ invocations: 0, errors: 0 }),
        sample: () => Promise.resolve({ invocations: 0, errors: 0, duration: undefined, metrics: {} }),
      },
      prewarm: { prewarm: () => Promise.resolve() },
    },
  });
  const all = deployments().map((d) => ({ ...d, createTime: clock.now(), log: [] }));
  await store.deploy.transact(() => ({
    changes: all.map((d) => ({ kind: 'putDeployment' as const, deployment: d })),
    result: undefined,
  }));
  const start = performance.now();
  await engine.start();
  await engine.idle();
  for (let minute = 0; minute < 10; minute++) {
    await clock.advance(MINUTE);
    await engine.idle();
  }
  const totalMs = performance.now() - start;
  const done = await store.deploy.read(
    (r) => all.filter((d) => r.deployment(d.id)?.status === 'Succeeded').length,
  );
  if (done !== count) throw new Error(`only ${done} of ${count} deployments succeeded`);
  await engine.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  // Each deployment: start, 10 shifts (each: apply + confirm), success.
  const steps = count * 21;
  return { msPerStep: totalMs / steps, steps, totalMs };
}

function pureRun(): number {
  const world = new World();
  let now = 0;
  const ctx = { now: 0, newExecutionId: () => 'x', newDeploymentId: () => 'd' };
  const start = performance.now();
  let steps = 0;
  for (const first of deployments()) {
    let d = first;
    world.alias = { functionVersion: '1', routing: undefined };
    for (let i = 0; i < 100 && d.status !== 'Succeeded'; i++) {
      const result = step(d, world.observe(d), { ...ctx, now });
      steps++;
      d = result.next;
      for (const effect of result.effects) world.apply(effect, now, d);
      if (result.wakeAt !== undefined && result.wakeAt > now) now = result.wakeAt;
    }
  }
  return (performance.now() - start) / steps;
}

const engine: number[] = [];
const pure: number[] = [];
let total = 0;
for (let run = 0; run < 3; run++) {
  const result = await engineRun();
  engine.push(result.msPerStep);
  total = result.totalMs;
  pure.push(pureRun());
}
printTable(
  `${count} concurrent deployments (${CONFIG}), virtual time, median of 3 runs; last run took ${(total / 1000).toFixed(1)} s`,
  'pure step()',
  [{ name: 'engine cost per step', gradual: median(engine), baseline: median(pure), unit: 'ms' }],
);

/**
 * Step Functions' durable engine, measured two ways in one run.
 *
 * 1. State transitions per second: seed 003's deployment workflow (10 steps: 52 state
 *    transitions and 22 Lambda tasks per execution, its Wait set to 0 s), 100 executions at a
 *    time, on the durable engine (SQLite in WAL with synchronous=FULL: every step and its
 *    history events fsynced before its invocations are made) and, as the baseline, the very same
 *    `step` interpreter run in memory with nothing persisted (how express executions run). The
 *    Lambda functions answer in-process and at once, so what is measured is the engine.
 * 2. 1,000 executions waiting at once (a Wait of a year) through the API's StartExecution path:
 *    the time to start them all, the memory they hold, how many timers, the database's growth;
 *    then a year passes on the virtual clock and all of them finish.
 *
 * Run: npm run bench:states [-- --executions 100 --waiting 1000]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock, VirtualClock, type Clock } from '../src/common/clock.js';
import { silentLog } from '../src/common/log.js';
import { seededRandom } from '../src/common/random.js';
import { ExecutionEngine } from '../src/server/states/engine.js';
import { startExecution } from '../src/server/states/execution-service.js';
import { newExecutionRecord } from '../src/server/states/executions.js';
import type { Effect, InvokeResult } from '../src/server/states/interpreter/io-types.js';
import type { Json } from '../src/server/states/json.js';
import { validateDefinition } from '../src/server/states/definition/validate.js';
import { createMachine } from '../src/server/states/machines.js';
import type { LambdaInvoker } from '../src/server/states/ports.js';
import type { StateMachineRecord } from '../src/server/states/records.js';
import { runInMemory } from '../src/server/states/run-in-memory.js';
import type { StatesStore } from '../src/server/states/store.js';
import { openSqliteStore } from '../src/server/store/sqlite/sqlite-store.js';
import { SqliteStatesStore } from '../src/server/store/sqlite/states-store.js';
import type { Store } from '../src/server/store/store.js';
import { median } from './stats.js';

const arg = (name: string, fallback: number): number =>
  Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const EXECUTIONS = arg('executions', 100);
const WAITING = arg('waiting', 1000);
const ROUNDS = 3;
const PLACE = { region: 'us-east-1', accountId: '000000000000' };
const ROLE = 'arn:aws:iam::000000000000:role/states';
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:DeployWorkflow-${name}`;

/** Seed 003's DeployStateMachine, word for word. */
const DEPLOY = {
  StartAt: 'CalculateWeights',
  States: {
    CalculateWeights: {
      Type: 'Task',
      Resource: fn('CalculateWeights'),
      ResultPath: '$.weights',
      Next: 'UpdateWeight',
    },
    UpdateWeight: {
      Type: 'Task',
      Resource: fn('UpdateWeight'),
      ResultPath: '$.current-weight',
      Next: 'Wait',
    },
    Wait: { Type: 'Wait', SecondsPath: '$.interval', Next: 'HealthCheck' },
    HealthCheck: {
      Type: 'Task',
      Resource: fn('HealthCheck'),
      Next: 'VerifyHealthCheck',
      InputPath: '$',
      ResultPath: '$.status',
    },
    VerifyHealthCheck: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.status', StringEquals: 'FAILED', Next: 'Rollback' },
        { Variable: '$.status', StringEquals: 'SUCCEEDED', Next: 'IsFullyWeighted' },
      ],
      Default: 'Rollback',
    },
    IsFullyWeighted: {
      Type: 'Choice',
      Choices: [{ Variable: '$.current-weight', NumericEquals: 1, Next: 'Finalize' }],
      Default: 'UpdateWeight',
    },
    Rollback: { Type: 'Task', Resource: fn('Rollback'), Next: 'Fail', InputPath: '$', ResultPath: '$' },
    Fail: { Type: 'Fail', Cause: 'Function deployment failed', Error: 'HealthCheck returned FAILED' },
    Finalize: { Type: 'Task', Resource: fn('Finalize'), InputPath: '$', End: true },
  },
};
const INPUT = {
  'function-name': 'MyFunction',
  'alias-name': 'MyAlias',
  'new-version': '2',
  steps: 10,
  interval: 0,
};
/** CalculateWeights, 10 x (UpdateWeight, Wait, HealthCheck, VerifyHealthCheck, IsFullyWeighted), Finalize. */
const TRANSITIONS = 52;

/** The workflow's functions, answered in-process and at once. */
const instant: LambdaInvoker = {
  invoke(effect: Effect): Promise<InvokeResult> {
    const e = effect.payload as { steps: number; weights: number[]; 'current-weight'?: number };
    const name = effect.functionName.split(':').at(-1);
    const results: Record<string, () => Json> = {
      'DeployWorkflow-CalculateWeights': () => Array.from({ length: e.steps }, (_, i) => (i + 1) / e.steps),
      'DeployWorkflow-UpdateWeight': () => e.weights.find((w) => w > (e['current-weight'] ?? 0)) ?? 1,
      'DeployWorkflow-HealthCheck': () => 'SUCCEEDED',
      'DeployWorkflow-Finalize': () => 'done',
    };
    const payload = results[name ?? '']?.() ?? null;
    return Promise.resolve({
      kind: 'ok',
      payload,
      executedVersion: '$LATEST',
      requestId: 'r',
      statusCode: 200,
    });
  },
};

function machineRecord(definition: object): StateMachineRecord {
  return {
    arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Deploy',
    name: 'Deploy',
    type: 'STANDARD',
    definition: JSON.stringify(definition),
    roleArn: ROLE,
    description: '',
    creationDate: 0,
    revisionId: 'r',
    tags: {},
  };
}

function engineOn(store: StatesStore, clock: Clock): ExecutionEngine {
  return new ExecutionEngine({
    store,
    clock,
    random: seededRandom(3),
    log: silentLog,
    invoker: instant,
    metrics: undefined,
    region: 'us-east-1',
  });
}

/** Fsynced SQLite transactions per second on this disk: what bounds the durable engine. */
function bareCommits(): number {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-bench-states-'));
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT)');
  const insert = db.prepare('INSERT INTO t (data) VALUES (?)');
  const n = 500;
  const start = performance.now();
  for (let i = 0; i < n; i++) db.transaction(() => insert.run('x'.repeat(2000)))();
  const perSecond = n / ((performance.now() - start) / 1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return perSecond;
}

const commits = { count: 0, transactions: 0 };

function sqliteStates(store: Store): SqliteStatesStore {
  if (!(store.states instanceof SqliteStatesStore)) throw new Error('not the SQLite store');
  return store.states;
}

/** Seconds to run `EXECUTIONS` executions to their end on the durable engine. */
async function durableRound(round: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-bench-states-'));
  const store = openSqliteStore(join(dir, 'gradual.db'));
  const clock = realClock();
  const engine = engineOn(store.states, clock);
  const machine = machineRecord(DEPLOY);
  const definition = engine.definitionOf(machine.definition);
  const records = Array.from({ length: EXECUTIONS }, (_, i) =>
    newExecutionRecord(
      machine,
      definition,
      `${machine.arn.replace('stateMachine', 'execution')}:r${round}-${i}`,
      `r${round}-${i}`,
      JSON.stringify(INPUT),
      clock,
    ),
  );
  await store.states.transact(() => ({
    changes: records.map((execution) => ({ kind: 'putExecution' as const, execution })),
    result: undefined,
  }));
  let left = EXECUTIONS;
  let allDone = (): void => undefined;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  engine.onChange((e) => {
    if (e.status === 'RUNNING') return;
    if (e.status !== 'SUCCEEDED') throw new Error(`${e.arn} ended ${e.status}: ${e.error}`);
    if (--left === 0) allDone();
  });
  const start = performance.now();
  for (const r of records) void engine.begin(r);
  await done;
  const seconds = (performance.now() - start) / 1000;
  commits.count += sqliteStates(store).commits.count;
  commits.transactions += sqliteStates(store).commits.transactions;
  await engine.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

/** Seconds to run the same executions through the same `step` in memory. */
async function memoryRound(round: number): Promise<number> {
  const clock = realClock();
  const machine = machineRecord(DEPLOY);
  const checked = validateDefinition(machine.definition);
  if (!checked.ok) throw new Error('the workflow is not valid');
  const definition = checked.definition;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: EXECUTIONS }, async (_, i) => {
      const r = newExecutionRecord(
        machine,
        definition,
        `${machine.arn}:m${round}-${i}`,
        `m${round}-${i}`,
        JSON.stringify(INPUT),
        clock,
      );
      const out = await runInMemory(
        { clock, random: seededRandom(3), invoker: instant, region: 'us-east-1' },
        r.state,
        definition,
      );
      if (out.state.status !== 'SUCCEEDED') throw new Error(`in memory: ${out.state.status}`);
    }),
  );
  return (performance.now() - start) / 1000;
}

/** Starts `WAITING` executions, `inFlight` at a time (1: a client that waits for each answer). */
async function waitingThousand(inFlight: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-bench-states-'));
  const file = join(dir, 'gradual.db');
  const store = openSqliteStore(file);
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const engine = engineOn(store.states, clock);
  const random = seededRandom(5);
  const deps = { store: store.states, engine, clock, random, place: PLACE };
  const year = {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: 'ready', ResultPath: '$.prepared', Next: 'Year' },
      Year: { Type: 'Wait', Seconds: 365 * 24 * 3600, Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  };
  const machine = await createMachine(deps, {
    name: 'Year',
    definition: JSON.stringify(year),
    roleArn: ROLE,
    type: 'STANDARD',
    tags: {},
  });
  const size = (): number =>
    statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  global.gc?.();
  const before = { ...process.memoryUsage(), db: size() };
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < WAITING) await startExecution(deps, machine.arn, `wait-${next++}`, '{}');
    }),
  );
  await engine.idle();
  const startMs = performance.now() - start;
  global.gc?.();
  const after = { ...process.memoryUsage(), db: size() };
  const waiting = await store.states.read((r) => r.runningExecutions().length);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const perKb = (n: number) => `${(n / WAITING / 1024).toFixed(1)} KB`;
  console.log(
    `\n${WAITING} executions in a Wait of a year, started through StartExecution's path (SQLite, fsynced), ${inFlight === 1 ? 'one at a time' : `${inFlight} at a time`}:`,
  );
  console.log(
    `  time to start them all      ${(startMs / 1000).toFixed(2)} s (${(WAITING / (startMs / 1000)).toFixed(0)} starts/s)`,
  );
  console.log(`  waiting now                 ${waiting}`);
  console.log(`  timers set                  ${clock.pending}`);
  console.log(
    `  heap used, growth           ${mb(after.heapUsed - before.heapUsed)} (${perKb(after.heapUsed - before.heapUsed)} per execution${global.gc ? '' : '; run with --expose-gc for a settled figure'})`,
  );
  console.log(`  RSS, growth                 ${mb(after.rss - before.rss)}`);
  console.log(
    `  database, growth            ${mb(after.db - before.db)} (${perKb(after.db - before.db)} per execution)`,
  );
  const yearStart = performance.now();
  await clock.advance(365 * 24 * 3600 * 1000);
  await engine.idle();
  const finished = await store.states.read((r) => r.executions({ status: 'SUCCEEDED' }).length);
  console.log(
    `  a year later: ${finished} of ${WAITING} succeeded, ${((performance.now() - yearStart) / 1000).toFixed(2)} s to step them all`,
  );
  await engine.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

// Platform timers do not hold the process open; the benchmark must, until it is done.
const hold = setInterval(() => undefined, 60_000);
const durable: number[] = [];
const memory: number[] = [];
const bare: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  durable.push(await durableRound(round));
  memory.push(await memoryRound(round));
  bare.push(bareCommits());
}
const transitions = EXECUTIONS * TRANSITIONS;
const rate = (seconds: number) => transitions / seconds;
console.log(
  `\nSeed 003's workflow (10 steps: ${TRANSITIONS} state transitions, 22 Lambda tasks each), ${EXECUTIONS} executions at a time, median of ${ROUNDS} rounds:`,
);
console.log(`${''.padEnd(44)} ${'transitions/s'.padStart(14)} ${'executions/s'.padStart(13)}`);
const row = (name: string, seconds: number) =>
  console.log(
    `${name.padEnd(44)} ${rate(seconds).toFixed(0).padStart(14)} ${(EXECUTIONS / seconds).toFixed(1).padStart(13)}`,
  );
row('durable engine (SQLite, synchronous=FULL)', median(durable));
row('same interpreter in memory (baseline)', median(memory));
console.log(
  `${'ratio durable / in memory'.padEnd(44)} ${(median(memory) / median(durable)).toFixed(3).padStart(14)}`,
);
const perExecution = commits.transactions / (EXECUTIONS * ROUNDS);
console.log(
  `Each execution saves ${perExecution.toFixed(1)} steps (a step and its history events a transaction), committed ${(commits.transactions / commits.count).toFixed(1)} at a time on average (${(commits.count / (EXECUTIONS * ROUNDS)).toFixed(1)} fsynced commits per execution). This disk makes ${median(bare).toFixed(0)} bare fsynced commits/s: one commit per step would allow ${(median(bare) / perExecution).toFixed(1)} executions/s.`,
);
await waitingThousand(1);
await waitingThousand(100);
clearInterval(hold);

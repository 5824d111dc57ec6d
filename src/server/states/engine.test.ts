import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import { seededRandom } from '../../common/random.js';
import { ExecutionEngine } from './engine.js';
import { newExecutionRecord } from './executions.js';
import type { Effect, InvokeResult } from './interpreter/io-types.js';
import type { Leases } from '../cluster/leases.js';
import { lateRenewalLeases } from '../cluster/test-support/late-renewal-leases.js';
import { MemoryStatesStore } from './memory-store.js';
import type { LambdaInvoker, StatesMetric } from './ports.js';
import type { StateMachineRecord } from './records.js';
import { parse } from './test-support/run.js';

const fn = 'arn:aws:lambda:us-east-1:123456789012:function:Work';
const definition = {
  StartAt: 'Before',
  States: {
    Before: { Type: 'Task', Resource: fn, ResultPath: '$.before', Next: 'Wait' },
    Wait: { Type: 'Wait', SecondsPath: '$.interval', Next: 'After' },
    After: { Type: 'Task', Resource: fn, ResultPath: '$.after', End: true },
  },
};

const machine: StateMachineRecord = {
  arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
  name: 'M',
  type: 'STANDARD',
  definition: JSON.stringify(definition),
  roleArn: 'arn:aws:iam::123456789012:role/r',
  description: '',
  creationDate: 0,
  revisionId: 'r1',
  tags: {},
};

/** A function that answers when told to, counting its calls. */
class HeldInvoker implements LambdaInvoker {
  calls: Effect[] = [];
  private waiting: ((r: InvokeResult) => void)[] = [];
  invoke(effect: Effect): Promise<InvokeResult> {
    this.calls.push(effect);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  answerAll(payload: unknown): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting)
      resolve({
        kind: 'ok',
        payload: payload as null,
        executedVersion: '$LATEST',
        requestId: 'r',
        statusCode: 200,
      });
  }
  get pending(): number {
    return this.waiting.length;
  }
}

function setup(
  store = new MemoryStatesStore(),
  clock = new VirtualClock(),
  invoker = new HeldInvoker(),
  leases?: Leases,
) {
  const metrics: [StatesMetric, number][] = [];
  const engine = new ExecutionEngine({
    store,
    clock,
    random: seededRandom(1),
    log: silentLog,
    invoker,
    metrics: { record: (_arn, metric, value) => metrics.push([metric, value]) },
    region: 'us-east-1',
    ...(leases ? { cluster: { leases, wallClock: clock, scanEveryMs: 1000 } } : {}),
  });
  return { store, clock, invoker, engine, metrics };
}

/** Lets invocation results reach the engine, then waits for the steps they cause. */
async function flush(world: ReturnType<typeof setup>): Promise<void> {
  await world.clock.advance(0);
  await world.engine.idle();
}

async function begin(world: ReturnType<typeof setup>, name = 'e1', input = { interval: 120 }) {
  const record = newExecutionRecord(
    machine,
    parse(definition),
    `arn:aws:states:us-east-1:123456789012:execution:M:${name}`,
    name,
    JSON.stringify(input),
    world.clock,
  );
  await world.store.transact(() => ({
    changes: [{ kind: 'putExecution', execution: record }],
    result: undefined,
  }));
  await world.engine.begin(record);
  return record.arn;
}

describe('the durable engine', () => {
  it('runs an execution through a Task, a Wait on the clock and another Task', async () => {
    const world = setup();
    const arn = await begin(world);
    expect(world.invoker.calls).toHaveLength(1);
    world.invoker.answerAll('one');
    await flush(world);
    await world.clock.advance(119_000);
    expect(world.invoker.calls).toHaveLength(1);
    await world.clock.advance(1_000);
    await world.engine.idle();
    expect(world.invoker.calls).toHaveLength(2);
    world.invoker.answerAll('two');
    await flush(world);
    const done = await world.store.read((r) => r.execution(arn));
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"interval":120,"before":"one","after":"two"}',
    });
    expect(world.metrics).toEqual([
      ['ExecutionsStarted', 1],
      ['ExecutionsSucceeded', 1],
      ['ExecutionTime', 120_000],
    ]);
    const history = await world.store.read((r) => r.history(arn, { order: 'asc', afterId: 0, limit: 100 }));
    expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));
    expect(history.at(-1)!.type).toBe('ExecutionSucceeded');
  });

  it('a restart during the Wait resumes it without running the reported Task again', async () => {
    const first = setup();
    const arn = await begin(first);
    first.invoker.answerAll('one');
    await flush(first);
    await first.clock.advance(60_000);
    await first.engine.close(); // "kill -9": nothing more from this engine

    const second = setup(first.store, first.clock);
    await second.engine.start();
    await second.engine.idle();
    expect(second.invoker.calls).toHaveLength(0); // Before had reported; it is not run again
    await second.clock.advance(60_000);
    await second.engine.idle();
    expect(second.invoker.calls.map((c) => c.payload)).toEqual([{ interval: 120, before: 'one' }]);
    second.invoker.answerAll('two');
    await flush(second);
    expect(await second.store.read((r) => r.execution(arn)?.status)).toBe('SUCCEEDED');
  });

  it('a restart while a Task is in flight invokes it again (it had not reported)', async () => {
    const first = setup();
    const arn = await begin(first);
    expect(first.invoker.pending).toBe(1);
    await first.engine.close();

    const second = setup(first.store, first.clock);
    await second.engine.start();
    await second.engine.idle();
    expect(second.invoker.calls).toHaveLength(1);
    expect(second.invoker.calls[0]!.callId).toBe(first.invoker.calls[0]!.callId);
    second.invoker.answerAll('again');
    await flush(second);
    const record = await second.store.read((r) => r.execution(arn));
    expect(record!.state.frames.root!.run.kind).toBe('waiting');
  });

  it('a cluster node whose hold lapsed for a moment does not make its own call in flight again', async () => {
    const leases = lateRenewalLeases();
    const world = setup(undefined, undefined, undefined, leases);
    await world.engine.start();
    const arn = await begin(world);
    expect(world.invoker.calls).toHaveLength(1);
    leases.lapse(); // its renewal came late
    await world.clock.advance(1000); // the node's own scan sees an execution nobody seems to drive
    await world.engine.idle();
    expect(world.invoker.calls).toHaveLength(1);
    world.invoker.answerAll('one');
    await flush(world);
    expect((await world.store.read((r) => r.execution(arn)))!.state.frames.root!.run.kind).toBe('waiting');
    await world.engine.close();
  });

  it('a thousand executions in Wait cost rows and one timer', async () => {
    const world = setup();
    const waitOnly = {
      ...machine,
      definition: JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } }),
    };
    for (let i = 0; i < 1000; i++) {
      const record = newExecutionRecord(
        waitOnly,
        parse(JSON.parse(waitOnly.definition) as object),
        `arn:aws:states:us-east-1:123456789012:execution:M:w${i}`,
        `w${i}`,
        '{}',
        world.clock,
      );
      await world.store.transact(() => ({
        changes: [{ kind: 'putExecution', execution: record }],
        result: undefined,
      }));
      await world.engine.begin(record);
    }
    await world.engine.idle();
    expect(world.clock.pending).toBe(1);
    await world.clock.advance(3_600_000);
    await world.engine.idle();
    const statuses = await world.store.read((r) => r.executions({}).map((e) => e.status));
    expect(new Set(statuses)).toEqual(new Set(['SUCCEEDED']));
  });
});

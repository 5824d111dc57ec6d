import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/clock.js';
import { silentLog } from '../../../common/log.js';
import { seededRandom } from '../../../common/random.js';
import { ExecutionEngine } from '../../states/engine.js';
import { newExecutionRecord } from '../../states/executions.js';
import type { Effect, InvokeResult } from '../../states/interpreter/io-types.js';
import type { StateMachineRecord } from '../../states/records.js';
import { parse } from '../../states/test-support/run.js';
import type { Store } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { SqliteStatesStore } from './states-store.js';

const fn = 'arn:aws:lambda:us-east-1:123456789012:function:Work';
const definition = {
  StartAt: 'Before',
  States: {
    Before: { Type: 'Task', Resource: fn, ResultPath: '$.before', Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 3600, Next: 'After' },
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
  revisionId: 'r',
  tags: {},
};

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function engineOn(store: Store, clock: VirtualClock, calls: Effect[]): ExecutionEngine {
  return new ExecutionEngine({
    store: store.states,
    clock,
    random: seededRandom(3),
    log: silentLog,
    invoker: {
      invoke: (effect): Promise<InvokeResult> => {
        calls.push(effect);
        return Promise.resolve({
          kind: 'ok',
          payload: calls.length,
          executedVersion: '$LATEST',
          requestId: 'r',
          statusCode: 200,
        });
      },
    },
    metrics: undefined,
    region: 'us-east-1',
  });
}

describe('executions in SQLite', () => {
  it('survive closing the database during a Wait, and finish after it reopens without running the first Task again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gradual-sfn-'));
    const file = join(dir, 'db.sqlite');
    const clock = new VirtualClock();
    const calls: Effect[] = [];
    let store = openSqliteStore(file);
    let engine = engineOn(store, clock, calls);
    const arn = 'arn:aws:states:us-east-1:123456789012:execution:M:e1';
    const record = newExecutionRecord(machine, parse(definition), arn, 'e1', '{}', clock);
    await store.states.transact(() => ({
      changes: [{ kind: 'putExecution', execution: record }],
      result: undefined,
    }));
    await engine.begin(record);
    await clock.advance(0);
    await engine.idle();
    expect(calls).toHaveLength(1);
    const waiting = await store.states.read((r) => r.execution(arn));
    expect(waiting!.wakeAt).toBe(clock.now() + 3_600_000);
    await engine.close();
    await store.close();

    store = openSqliteStore(file);
    engine = engineOn(store, clock, calls);
    await engine.start();
    await engine.idle();
    expect(calls).toHaveLength(1);
    await clock.advance(3_600_000);
    await engine.idle();
    await clock.advance(0);
    await engine.idle();
    const done = await store.states.read((r) => r.execution(arn));
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"before":1,"after":2}' });
    const history = await store.states.read((r) =>
      r.history(arn, { order: 'desc', beforeId: Infinity, limit: 2 }),
    );
    expect(history.map((e) => e.type)).toEqual(['ExecutionSucceeded', 'TaskStateExited']);
    await engine.close();
    await store.close();
  });
});

describe('group commit', () => {
  it('commits the transactions of one turn together; a throw rolls back only its own', async () => {
    dir = mkdtempSync(join(tmpdir(), 'gradual-states-'));
    const store = openSqliteStore(join(dir, 'gradual.db'));
    const states = store.states as SqliteStatesStore;
    const clock = new VirtualClock();
    const put = (name: string) =>
      states.transact(() => {
        const execution = newExecutionRecord(
          machine,
          parse(definition),
          `arn:aws:states:us-east-1:123456789012:execution:M:${name}`,
          name,
          '{}',
          clock,
        );
        return { changes: [{ kind: 'putExecution', execution }], result: name };
      });
    const refused = () =>
      states.transact((r) => {
        // Sees the writes queued before it in the same commit.
        if (r.execution('arn:aws:states:us-east-1:123456789012:execution:M:a')) throw new Error('a exists');
        return { changes: [], result: 'not reached' };
      });
    const results = await Promise.allSettled([put('a'), refused(), put('b')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'a exists',
      'b',
    ]);
    expect(states.commits).toEqual({ count: 1, transactions: 3 });
    expect(
      await states.read((r) =>
        r
          .executions({})
          .map((e) => e.name)
          .sort(),
      ),
    ).toEqual(['a', 'b']);
    await put('c');
    expect(states.commits).toEqual({ count: 2, transactions: 4 });
    await store.close();
  });
});

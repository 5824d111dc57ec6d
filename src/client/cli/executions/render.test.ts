import { describe, expect, it } from 'vitest';
import type { EventView, ExecutionView } from '../../sdk/executions.js';
import { readSimplePath, stateOrder, stateRows, waitUntil } from './model.js';
import { describeExecution, eventLines, listExecutions, renderWatch } from './render.js';

const T0 = Date.UTC(2026, 10, 23, 12);
const ARN = 'arn:aws:states:us-east-1:000000000000:execution:Deploy:run-1';

/** A small deployment workflow: a Task, a Wait from the input, a Choice, Succeed or Fail. */
const definition = JSON.stringify({
  StartAt: 'Update',
  States: {
    Update: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:0:function:u', Next: 'Wait' },
    Rollback: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:0:function:r', Next: 'Fail' },
    Wait: { Type: 'Wait', SecondsPath: '$.interval', Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.ok', BooleanEquals: false, Next: 'Rollback' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
    Fail: { Type: 'Fail', Error: 'HealthCheck returned FAILED', Cause: 'Function deployment failed' },
  },
});

let id = 0;
function ev(type: string, at: number, details: Record<string, unknown> = {}, previous = id): EventView {
  id++;
  return { id, previousEventId: previous, type, timestamp: T0 + at * 1000, details };
}

function running(): EventView[] {
  id = 0;
  return [
    ev('ExecutionStarted', 0, { input: '{"interval":120}' }),
    ev('TaskStateEntered', 0, { name: 'Update', input: '{"interval":120}' }),
    ev('LambdaFunctionScheduled', 0, { resource: 'arn:aws:lambda:us-east-1:0:function:u' }),
    ev('LambdaFunctionStarted', 1),
    ev('LambdaFunctionSucceeded', 1, { output: '0.5' }),
    ev('TaskStateExited', 1, { name: 'Update', output: '{"interval":120,"w":0.5}' }),
    ev('WaitStateEntered', 1, { name: 'Wait', input: '{"interval":120,"w":0.5}' }),
  ];
}

function view(events: EventView[], over: Partial<ExecutionView> = {}): ExecutionView {
  return {
    executionArn: ARN,
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Deploy',
    machineName: 'Deploy',
    name: 'run-1',
    status: 'RUNNING',
    startDate: T0,
    stopDate: undefined,
    input: '{"interval":120}',
    output: undefined,
    error: undefined,
    cause: undefined,
    definition,
    events,
    ...over,
  };
}

describe('the model', () => {
  it('orders states as a run meets them, and reads simple paths', () => {
    expect(stateOrder(JSON.parse(definition) as object)).toEqual([
      'Update',
      'Wait',
      'Check',
      'Rollback',
      'Done',
      'Fail',
    ]);
    expect(readSimplePath('{"a":{"b-c":3}}', '$.a.b-c')).toBe(3);
    expect(readSimplePath('{"a":{"b":3}}', "$['a'].b")).toBe(3);
    expect(readSimplePath('{"a":[1]}', '$.a[0]')).toBeUndefined();
    expect(waitUntil({ Seconds: 5 }, T0, undefined)).toBe(T0 + 5000);
    expect(waitUntil({ TimestampPath: '$.t' }, T0, '{"t":"2026-11-23T12:10:00Z"}')).toBe(T0 + 600_000);
  });

  it('tells each state’s entries, status and a Task’s result, and a Wait’s end', () => {
    const rows = stateRows(view(running()));
    expect(rows.map((r) => [r.name, r.status, r.entered, r.result])).toEqual([
      ['Update', 'done', 1, '0.5'],
      ['Wait', 'active', 1, undefined],
      ['Check', 'pending', 0, undefined],
      ['Rollback', 'pending', 0, undefined],
      ['Done', 'pending', 0, undefined],
      ['Fail', 'pending', 0, undefined],
    ]);
    expect(rows[1]!.until).toBe(T0 + 121_000);
  });
});

describe('rendering', () => {
  it('lists executions', () => {
    expect(
      listExecutions([
        {
          executionArn: ARN,
          machineName: 'Deploy',
          name: 'run-1',
          status: 'SUCCEEDED',
          startDate: T0,
          stopDate: T0 + 65_000,
        },
        {
          executionArn: ARN,
          machineName: 'Deploy',
          name: 'run-2',
          status: 'RUNNING',
          startDate: T0,
          stopDate: undefined,
        },
      ]),
    ).toEqual([
      'EXECUTION     STATUS     STARTED               DURATION',
      'Deploy/run-1  SUCCEEDED  2026-11-23 12:00:00Z  1m 05s',
      'Deploy/run-2  RUNNING    2026-11-23 12:00:00Z  running',
    ]);
    expect(listExecutions([])).toEqual(['No executions yet.']);
  });

  it('draws a waiting execution with its countdown in the server’s time', () => {
    expect(renderWatch(view(running()), { now: T0 + 61_000, width: 80, timeScale: 60 })).toEqual([
      'Deploy/run-1  RUNNING · Wait, 1m 00s left · 1m 01s so far',
      '  ✓ Update    Task      1×  0.5',
      '  ▶ Wait      Wait      1×  1m 00s left',
      '    Check     Choice',
      '    Rollback  Task',
      '    Done      Succeed',
      '    Fail      Fail',
      '',
      'Ctrl-C: stop watching (the execution goes on)   (time runs ×60)',
    ]);
  });

  it('draws a failed execution with its error and cause, and prints its new events once', () => {
    const events = [
      ...running(),
      ev('WaitStateExited', 121, { name: 'Wait', output: '{"ok":false}' }),
      ev('ChoiceStateEntered', 121, { name: 'Check', input: '{"ok":false}' }),
      ev('ChoiceStateExited', 121, { name: 'Check', output: '{"ok":false}' }),
      ev('TaskStateEntered', 121, { name: 'Rollback', input: '{"ok":false}' }),
      ev('LambdaFunctionScheduled', 121),
      ev('LambdaFunctionStarted', 121),
      ev('LambdaFunctionFailed', 122, { error: 'Boom', cause: 'no' }),
      ev('TaskStateExited', 123, { name: 'Rollback', output: '{}' }),
      ev('FailStateEntered', 123, { name: 'Fail', input: '{}' }),
      ev('ExecutionFailed', 123, {
        error: 'HealthCheck returned FAILED',
        cause: 'Function deployment failed',
      }),
    ];
    const failed = view(events, {
      status: 'FAILED',
      stopDate: T0 + 123_000,
      error: 'HealthCheck returned FAILED',
      cause: 'Function deployment failed',
    });
    expect(renderWatch(failed, { now: T0 + 200_000, width: 80 })).toEqual([
      'Deploy/run-1  FAILED after 2m 03s: HealthCheck returned FAILED',
      '  ✓ Update    Task      1×  0.5',
      '  ✓ Wait      Wait      1×',
      '  ✓ Check     Choice    1×',
      '  ✓ Rollback  Task      1×  failed: Boom',
      '    Done      Succeed',
      '  ✗ Fail      Fail      1×',
      '  error: HealthCheck returned FAILED',
      '  cause: Function deployment failed',
    ]);
    const before = view(running());
    expect(eventLines(before, failed)).toEqual([
      'Deploy/run-1 2026-11-23 12:02:01.000Z 8  WaitStateExited Wait',
      'Deploy/run-1 2026-11-23 12:02:01.000Z 9  ChoiceStateEntered Check',
      'Deploy/run-1 2026-11-23 12:02:01.000Z 10  ChoiceStateExited Check',
      'Deploy/run-1 2026-11-23 12:02:01.000Z 11  TaskStateEntered Rollback',
      'Deploy/run-1 2026-11-23 12:02:01.000Z 12  LambdaFunctionScheduled',
      'Deploy/run-1 2026-11-23 12:02:01.000Z 13  LambdaFunctionStarted',
      'Deploy/run-1 2026-11-23 12:02:02.000Z 14  LambdaFunctionFailed: Boom (no)',
      'Deploy/run-1 2026-11-23 12:02:03.000Z 15  TaskStateExited Rollback',
      'Deploy/run-1 2026-11-23 12:02:03.000Z 16  FailStateEntered Fail',
      'Deploy/run-1 2026-11-23 12:02:03.000Z 17  ExecutionFailed: HealthCheck returned FAILED (Function deployment failed)',
      'Deploy/run-1 FAILED after 2m 03s: HealthCheck returned FAILED',
    ]);
    expect(eventLines(failed, failed)).toEqual([]);
  });

  it('shows one execution in full, the latest events last', () => {
    const lines = describeExecution(view(running()), { now: T0 + 61_000, width: 100, events: 3 });
    expect(lines.slice(0, 4)).toEqual([
      'Deploy/run-1  RUNNING · Wait, 1m 00s left · 1m 01s so far',
      `  ${ARN}`,
      '  started 2026-11-23 12:00:00Z',
      '  input:  {"interval":120}',
    ]);
    expect(lines.slice(-4)).toEqual([
      'History (the last 3 of 7 events; --events <n> for more):',
      '  2026-11-23 12:00:01.000Z     5  LambdaFunctionSucceeded',
      '  2026-11-23 12:00:01.000Z     6  TaskStateExited Update',
      '  2026-11-23 12:00:01.000Z     7  WaitStateEntered Wait',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Json } from '../json.js';
import { execute, FunctionError, START, types } from '../test-support/run.js';

const end = { End: true };

describe('Pass', () => {
  it('Result at ResultPath (the documented "Hello World" coordinates example)', () => {
    const out = execute(
      {
        StartAt: 'Passing',
        States: {
          Passing: {
            Type: 'Pass',
            Result: { x: '0.381018', y: '622.2269926397355' },
            ResultPath: '$.coords',
            ...end,
          },
        },
      },
      { georefOf: 'Home' },
    );
    expect(out.state.output).toEqual({ georefOf: 'Home', coords: { x: '0.381018', y: '622.2269926397355' } });
    expect(types(out.events)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(out.events.map((e) => [e.id, e.previousEventId])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(out.events[1]!.details).toEqual({
      key: 'stateEnteredEventDetails',
      value: { name: 'Passing', input: '{"georefOf":"Home"}', inputDetails: { truncated: false } },
    });
  });

  it('Parameters with the context object', () => {
    const out = execute(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Pass',
            Parameters: {
              'id.$': '$$.Execution.Id',
              'state.$': '$$.State.Name',
              'at.$': '$$.State.EnteredTime',
            },
            ...end,
          },
        },
      },
      {},
    );
    expect(out.state.output).toEqual({
      id: 'arn:aws:states:us-east-1:123456789012:execution:Machine:run-1',
      state: 'P',
      at: new Date(START).toISOString(),
    });
  });

  it('a path that matches nothing fails the execution with States.Runtime, naming the state and event', () => {
    const out = execute(
      { StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.missing', ...end } } },
      { a: 1 },
    );
    expect(out.state).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause:
        "An error occurred while executing the state 'P' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']",
    });
    expect(types(out.events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });

  it('an output over 256 KiB is States.DataLimitExceeded', () => {
    const out = execute(
      { StartAt: 'P', States: { P: { Type: 'Pass', Result: 'x'.repeat(300_000), ...end } } },
      {},
    );
    expect(out.state.error).toBe('States.DataLimitExceeded');
  });
});

describe('Wait', () => {
  const wait = (fields: object) => ({ StartAt: 'W', States: { W: { Type: 'Wait', ...fields, ...end } } });
  it.each<[string, object, Json, number]>([
    ['Seconds', { Seconds: 10 }, {}, 10_000],
    ['SecondsPath', { SecondsPath: '$.interval' }, { interval: 120 }, 120_000],
    [
      'Timestamp',
      { Timestamp: new Date(START + 3_600_000).toISOString().replace('.000', '') },
      {},
      3_600_000,
    ],
    ['TimestampPath', { TimestampPath: '$.at' }, { at: new Date(START + 90_000).toISOString() }, 90_000],
    ['a Timestamp in the past', { Timestamp: '2016-03-14T01:59:00Z' }, {}, 0],
  ])('%s', (_name, fields, input, elapsed) => {
    const out = execute(wait(fields), input);
    expect(out.state.status).toBe('SUCCEEDED');
    expect(out.elapsed).toBe(elapsed);
    expect(types(out.events)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it.each([
    [{ SecondsPath: '$.interval' }, { interval: -1 }],
    [{ SecondsPath: '$.interval' }, { interval: 'soon' }],
    [{ SecondsPath: '$.interval' }, {}],
    [{ TimestampPath: '$.at' }, { at: 'tomorrow' }],
  ])('%j with %j fails with States.Runtime', (fields, input) => {
    expect(execute(wait(fields), input).state.error).toBe('States.Runtime');
  });
});

describe('Succeed and Fail', () => {
  it('Succeed passes its input through InputPath and OutputPath', () => {
    const out = execute(
      { StartAt: 'S', States: { S: { Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' } } },
      { a: { b: 1 } },
    );
    expect(out.state.output).toBe(1);
    expect(types(out.events)).toEqual([
      'ExecutionStarted',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('Fail with ErrorPath and CausePath (a path and an intrinsic)', () => {
    const out = execute(
      {
        StartAt: 'F',
        States: {
          F: { Type: 'Fail', ErrorPath: '$.code', CausePath: "States.Format('Order {} failed', $.id)" },
        },
      },
      { code: 'OrderError', id: 7 },
    );
    expect(out.state).toMatchObject({ status: 'FAILED', error: 'OrderError', cause: 'Order 7 failed' });
    expect(types(out.events)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(out.events[2]!.previousEventId).toBe(2);
  });
});

describe('Choice', () => {
  it('follows Default, then fails with States.NoChoiceMatched when no rule and no Default match', () => {
    const def = (withDefault: boolean) => ({
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }],
          ...(withDefault ? { Default: 'Small' } : {}),
        },
        Big: { Type: 'Pass', Result: 'big', ...end },
        Small: { Type: 'Pass', Result: 'small', ...end },
      },
    });
    expect(execute(def(true), { n: 11 }).state.output).toBe('big');
    expect(execute(def(true), { n: 1 }).state.output).toBe('small');
    const noDefault = def(false);
    delete (noDefault.States as Record<string, unknown>).Small;
    const out = execute(noDefault, { n: 1 });
    expect(out.state.error).toBe('States.NoChoiceMatched');
    expect(types(out.events)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ExecutionFailed']);
  });
});

describe('Parallel', () => {
  const branch = (name: string, result: Json) => ({
    StartAt: name,
    States: { [name]: { Type: 'Pass', Result: result, ...end } },
  });

  it('runs every branch on the same input and collects their outputs in order', () => {
    const out = execute(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [branch('A', 1), branch('B', 2)],
            ResultSelector: { 'sum.$': 'States.MathAdd($[0], $[1])' },
            ResultPath: '$.r',
            ...end,
          },
        },
      },
      { keep: true },
    );
    expect(out.state.output).toEqual({ keep: true, r: { sum: 3 } });
    expect(types(out.events)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
    const started = out.events[2]!.id;
    expect(out.events[3]!.previousEventId).toBe(started);
    expect(out.events[5]!.previousEventId).toBe(started);
  });

  it('branches run side by side: their events interleave, each chained to its own branch', () => {
    const task = 'arn:aws:lambda:us-east-1:123456789012:function:F';
    const two = (p: string) => ({
      StartAt: `${p}1`,
      States: {
        [`${p}1`]: { Type: 'Pass', Next: `${p}2` },
        [`${p}2`]: { Type: 'Task', Resource: task, ...end },
      },
    });
    const out = execute(
      { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [two('A'), two('B')], ...end } } },
      {},
      { [task]: () => 1 },
    );
    const named = out.events.map((e) => {
      const name = e.details?.value.name;
      return typeof name === 'string' ? `${e.type} ${name}` : e.type;
    });
    expect(named.slice(3, 9)).toEqual([
      'PassStateEntered A1',
      'PassStateExited A1',
      'PassStateEntered B1',
      'PassStateExited B1',
      'TaskStateEntered A2',
      'LambdaFunctionScheduled',
    ]);
    const byId = new Map(out.events.map((e) => [e.id, e]));
    const chain = (type: string, name: string): string[] => {
      const names: string[] = [];
      for (
        let e = out.events.find((x) => x.type === type && x.details?.value.name === name);
        e;
        e = byId.get(e.previousEventId)
      )
        if (typeof e.details?.value.name === 'string') names.push(e.details.value.name);
      return names;
    };
    expect(chain('TaskStateExited', 'A2')).toEqual(['A2', 'A2', 'A1', 'A1', 'P']);
    expect(chain('TaskStateExited', 'B2')).toEqual(['B2', 'B2', 'B1', 'B1', 'P']);
  });

  it('one failed branch fails the state; Catch takes it to its Next with {Error, Cause}', () => {
    const out = execute(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [
              branch('A', 1),
              { StartAt: 'B', States: { B: { Type: 'Fail', Error: 'BranchBroke', Cause: 'b' } } },
            ],
            Catch: [{ ErrorEquals: ['BranchBroke'], ResultPath: '$.failure', Next: 'Recovered' }],
            ...end,
          },
          Recovered: { Type: 'Succeed' },
        },
      },
      {},
    );
    expect(out.state.output).toEqual({ failure: { Error: 'BranchBroke', Cause: 'b' } });
    expect(types(out.events)).toContain('ParallelStateFailed');
  });
});

describe('Map', () => {
  it('the documented context object example: $$.Map.Item.Index and Value in the selector', () => {
    const out = execute(
      {
        StartAt: 'ExampleMapState',
        States: {
          ExampleMapState: {
            Type: 'Map',
            Parameters: { 'ContextIndex.$': '$$.Map.Item.Index', 'ContextValue.$': '$$.Map.Item.Value' },
            Iterator: { StartAt: 'TestPass', States: { TestPass: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      [{ who: 'bob' }, { who: 'meg' }, { who: 'joe' }],
    );
    expect(out.state.output).toEqual([
      { ContextValue: { who: 'bob' }, ContextIndex: 0 },
      { ContextValue: { who: 'meg' }, ContextIndex: 1 },
      { ContextValue: { who: 'joe' }, ContextIndex: 2 },
    ]);
  });

  it('ItemsPath, ItemSelector, MaxConcurrency, and the Map events', () => {
    const calls: number[] = [];
    let running = 0;
    let peak = 0;
    const out = execute(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.orders',
            ItemSelector: { 'order.$': '$$.Map.Item.Value', 'shipping.$': '$.shipping' },
            MaxConcurrency: 2,
            ItemProcessor: {
              StartAt: 'Ship',
              States: {
                Ship: {
                  Type: 'Task',
                  Resource: 'arn:aws:lambda:us-east-1:123456789012:function:ship',
                  End: true,
                },
              },
            },
            ResultPath: '$.shipped',
            ...end,
          },
        },
      },
      { orders: [1, 2, 3], shipping: 'express' },
      {
        'arn:aws:lambda:us-east-1:123456789012:function:ship': (p) => {
          calls.push((p as { order: number }).order);
          return `${(p as { order: number }).order} by ${(p as { shipping: string }).shipping}`;
        },
      },
      {
        hold: () => {
          running++;
          peak = Math.max(peak, running);
          running = 0;
          return false;
        },
      },
    );
    expect(out.state.output).toEqual({
      orders: [1, 2, 3],
      shipping: 'express',
      shipped: ['1 by express', '2 by express', '3 by express'],
    });
    expect(calls).toEqual([1, 2, 3]);
    const t = types(out.events);
    expect(t.slice(0, 4)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
    ]);
    expect(t.filter((x) => x === 'MapIterationStarted')).toHaveLength(3);
    expect(t.slice(-3)).toEqual(['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
    expect(out.events.find((e) => e.type === 'MapStateStarted')!.details!.value).toEqual({ length: 3 });
    // With MaxConcurrency 2, the third iteration starts only after one of the first two succeeded.
    const thirdStart = t.lastIndexOf('MapIterationStarted');
    expect(t.indexOf('MapIterationSucceeded')).toBeLessThan(thirdStart);
  });

  it('an empty array gives []; a non-array fails with States.Runtime', () => {
    const map = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } },
          ...end,
        },
      },
    };
    expect(execute(map, []).state.output).toEqual([]);
    expect(execute(map, { not: 'a list' }).state.error).toBe('States.Runtime');
  });

  it('a failed iteration aborts the others and fails the Map', () => {
    const out = execute(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'C',
              States: {
                C: {
                  Type: 'Choice',
                  Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Bad' }],
                  Default: 'W',
                },
                W: { Type: 'Wait', Seconds: 5, End: true },
                Bad: { Type: 'Fail', Error: 'Two' },
              },
            },
            ...end,
          },
        },
      },
      [1, 2, 3],
    );
    expect(out.state).toMatchObject({ status: 'FAILED', error: 'Two' });
    const t = types(out.events);
    expect(t).toContain('MapIterationFailed');
    expect(t.filter((x) => x === 'MapIterationAborted')).toHaveLength(2);
    expect(t.slice(-2)).toEqual(['MapStateFailed', 'ExecutionFailed']);
  });
});

const fnArn = 'arn:aws:lambda:us-east-1:123456789012:function:Work';

describe('Task: Lambda function ARN (LambdaFunction* events)', () => {
  it('the function’s error is named by its errorType, and the cause is its error object', () => {
    const out = execute(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: fnArn, ...end } } },
      {},
      {
        [fnArn]: () => {
          throw new FunctionError('ValueError', 'bad input');
        },
      },
    );
    expect(out.state).toMatchObject({
      status: 'FAILED',
      error: 'ValueError',
      cause: '{"errorMessage":"bad input","errorType":"ValueError","stackTrace":[]}',
    });
    expect(types(out.events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'ExecutionFailed',
    ]);
  });

  it('a missing function is Lambda.ResourceNotFoundException', () => {
    const out = execute(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: `${fnArn}:live`, ...end } } },
      {},
    );
    expect(out.effects[0]).toMatchObject({ functionName: fnArn, qualifier: 'live' });
    expect(out.state.error).toBe('Lambda.ResourceNotFoundException');
    expect(out.state.cause).toMatch(
      /^Function not found: .* \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;/,
    );
  });

  it('Retry waits IntervalSeconds x BackoffRate between tries, then Catch', () => {
    let tries = 0;
    const out = execute(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: fnArn,
            Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 3 }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }],
            ...end,
          },
          Handle: { Type: 'Pass', ...end },
        },
      },
      { x: 1 },
      {
        [fnArn]: () => {
          tries++;
          throw new FunctionError('Flaky', 'try again');
        },
      },
    );
    expect(tries).toBe(4);
    expect(out.elapsed).toBe(2000 + 6000 + 18000);
    expect(out.state.output).toEqual({
      Error: 'Flaky',
      Cause: '{"errorMessage":"try again","errorType":"Flaky","stackTrace":[]}',
    });
    expect(types(out.events).filter((t) => t === 'LambdaFunctionScheduled')).toHaveLength(4);
    expect(types(out.events).slice(-4)).toEqual([
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('$$.State.RetryCount counts the retries', () => {
    const seen: Json[] = [];
    execute(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: fnArn,
            Parameters: { 'retry.$': '$$.State.RetryCount' },
            Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
            ...end,
          },
        },
      },
      {},
      {
        [fnArn]: (p) => {
          seen.push(p);
          throw new FunctionError('E', 'e');
        },
      },
    );
    expect(seen).toEqual([{ retry: 0 }, { retry: 1 }, { retry: 2 }]);
  });

  it('TimeoutSeconds: the task times out with States.Timeout and a late result is ignored', () => {
    const out = execute(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: fnArn, TimeoutSeconds: 30, ...end } } },
      {},
      {},
      { hold: () => true },
    );
    expect(out.state).toMatchObject({ status: 'FAILED', error: 'States.Timeout', cause: undefined });
    expect(out.elapsed).toBe(30_000);
    expect(types(out.events).slice(-2)).toEqual(['LambdaFunctionTimedOut', 'ExecutionFailed']);
    // A task's timeout names the error and gives no cause, on the events and the execution.
    expect(out.events.slice(-2).map((e) => e.details?.value)).toEqual([
      { error: 'States.Timeout' },
      { error: 'States.Timeout' },
    ]);
  });
});

describe('Task: arn:aws:states:::lambda:invoke', () => {
  const invoke = (extra: object = {}) => ({
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'Work:live', 'Payload.$': '$' },
        ...extra,
        ...end,
      },
    },
  });

  it('returns Lambda’s Invoke response, with the function’s result under Payload', () => {
    const out = execute(
      invoke({ ResultSelector: { 'result.$': '$.Payload', 'version.$': '$.ExecutedVersion' } }),
      { n: 2 },
      {
        'Work:live': (p) => (p as { n: number }).n * 2,
      },
    );
    expect(out.state.output).toEqual({ result: 4, version: '$LATEST' });
    expect(types(out.events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(out.events[2]!.details!.value).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"FunctionName":"Work:live","Payload":{"n":2}}',
    });
  });
});

describe('Task: .waitForTaskToken', () => {
  const def = {
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'Approve', Payload: { 'token.$': '$$.Task.Token' } },
        HeartbeatSeconds: 60,
        TimeoutSeconds: 600,
        ...end,
      },
    },
  };

  it('the function gets a token; SendTaskSuccess with it finishes the task', () => {
    let token = '';
    let sent = false;
    const out = execute(
      def,
      {},
      { Approve: (p) => ((token = (p as { token: string }).token), null) },
      {
        observe: () => {
          if (sent || !token) return [];
          sent = true;
          return [{ kind: 'taskSuccess', token, output: { approved: true } }];
        },
      },
    );
    expect(out.state.output).toEqual({ approved: true });
    expect(types(out.events)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('no heartbeat within HeartbeatSeconds: States.HeartbeatTimeout; heartbeats keep it alive until TimeoutSeconds', () => {
    expect(execute(def, {}, { Approve: () => null }).state).toMatchObject({
      error: 'States.HeartbeatTimeout',
    });
    let token = '';
    const beats = new Set<number>();
    const out = execute(
      def,
      {},
      { Approve: (p) => ((token = (p as { token: string }).token), null) },
      {
        observe: (now) => {
          const due = Math.floor((now - START) / 50_000);
          if (!token || beats.has(due)) return [];
          beats.add(due);
          return [{ kind: 'taskHeartbeat', token }];
        },
        maxJump: 50_000,
      },
    );
    expect(out.state).toMatchObject({ error: 'States.Timeout' });
    expect(out.elapsed).toBe(600_000);
  });

  it('SendTaskFailure fails the task with its error and cause', () => {
    let token = '';
    const out = execute(
      def,
      {},
      { Approve: (p) => ((token = (p as { token: string }).token), null) },
      {
        observe: () =>
          token ? [{ kind: 'taskFailure', token: token.slice(), error: 'Rejected', cause: 'no' }] : [],
      },
    );
    expect(out.state).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'no' });
  });
});

describe('the execution', () => {
  it('TimeoutSeconds ends it with ExecutionTimedOut', () => {
    const out = execute(
      { TimeoutSeconds: 5, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, ...end } } },
      {},
    );
    expect(out.state.status).toBe('TIMED_OUT');
    expect(out.elapsed).toBe(5000);
    expect(types(out.events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
    // AWS: States.Timeout on the event, chained to no state; no error or cause on the execution.
    expect(out.events[2]).toMatchObject({
      previousEventId: 0,
      details: { key: 'executionTimedOutEventDetails', value: { error: 'States.Timeout' } },
    });
    expect(out.state).toMatchObject({ error: undefined, cause: undefined });
  });

  it('fails with States.Runtime when its history reaches 25,000 events, the failure being event 25,000', () => {
    const out = execute(
      {
        StartAt: 'Spin',
        States: {
          Spin: {
            Type: 'Choice',
            Choices: [{ Variable: '$.spin', BooleanEquals: true, Next: 'Again' }],
            Default: 'Done',
          },
          Again: { Type: 'Pass', Next: 'Spin' },
          Done: { Type: 'Succeed' },
        },
      },
      { spin: true },
    );
    expect(out.state).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'The execution reached the maximum number of history events (25000).',
    });
    expect(out.events).toHaveLength(25_000);
    expect(out.events.at(-1)).toMatchObject({ id: 25_000, previousEventId: 24_999, type: 'ExecutionFailed' });
    expect(out.events.at(-2)!.type).toMatch(/StateExited|StateEntered/);
  });

  it('a stop ends it with ExecutionAborted', () => {
    let stopped = false;
    const out = execute(
      { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, ...end } } },
      {},
      {},
      {
        observe: () =>
          stopped ? [] : ((stopped = true), [{ kind: 'stop', error: 'Manual', cause: 'operator' }]),
      },
    );
    expect(out.state).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'operator' });
    expect(types(out.events).at(-1)).toBe('ExecutionAborted');
  });

  it('a loop of Pass states yields after MAX_TRANSITIONS and carries on', () => {
    const out = execute(
      {
        StartAt: 'Count',
        States: {
          Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Done?' },
          'Done?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 1500, Next: 'End' }],
            Default: 'Count',
          },
          End: { Type: 'Succeed' },
        },
      },
      { n: 0 },
    );
    expect(out.state.output).toEqual({ n: 1500 });
  });
});

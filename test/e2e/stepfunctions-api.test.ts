import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/common/clock.js';
import { buildZip } from '../../src/common/zip-writer.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let sfn: SFNClient;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
const ROLE = 'arn:aws:iam::000000000000:role/states-role';
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  sfn = new SFNClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
    maxAttempts: 1,
  });
  const code = (body: string) =>
    buildZip({ 'index.js': `exports.handler = async (event) => { ${body} };\n` });
  await createActiveFunction(t.lambda, 'double', {
    Code: { ZipFile: await code('return { n: event.n * 2 };') },
  });
  await createActiveFunction(t.lambda, 'broken', {
    Code: { ZipFile: await code("const e = new Error('no good'); e.name = 'BrokenError'; throw e;") },
  });
});
afterAll(async () => {
  sfn?.destroy();
  await t?.dispose();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await clock.advance(0);
    await t.server.executions.idle();
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function finished(executionArn: string) {
  // Generous: a cold start of the function can take seconds on a loaded machine.
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const e = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (e.status !== 'RUNNING') return e;
    await settle();
  }
  throw new Error(`${executionArn} still running`);
}

/** Waits (in real time: the function's cold start) until the execution has written an event of `type`. */
async function reached(executionArn: string, type: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    if (events?.some((e) => e.type === type)) return;
    await settle();
  }
  throw new Error(`${executionArn} never reached ${type}`);
}

const machine = (name: string, definition: object) =>
  sfn.send(new CreateStateMachineCommand({ name, roleArn: ROLE, definition: JSON.stringify(definition) }));

describe('Step Functions with the official SDK', () => {
  it('runs Lambda tasks (function ARN and lambda:invoke), a Wait on the clock and a Choice', async () => {
    const { stateMachineArn } = await machine('doubler', {
      StartAt: 'Double',
      States: {
        Double: { Type: 'Task', Resource: fnArn('double'), ResultPath: '$.first', Next: 'Pause' },
        Pause: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Again' },
        Again: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'double', 'Payload.$': '$.first' },
          ResultSelector: { 'n.$': '$.Payload.n' },
          ResultPath: '$.second',
          Next: 'Big?',
        },
        'Big?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.second.n', NumericGreaterThan: 10, Next: 'Yes' }],
          Default: 'No',
        },
        Yes: { Type: 'Succeed' },
        No: { Type: 'Fail', Error: 'TooSmall', Cause: 'not big' },
      },
    });
    expect(stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:doubler');
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described).toMatchObject({ name: 'doubler', status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: 'run-1',
        input: JSON.stringify({ n: 3, wait: 120 }),
      }),
    );
    await reached(executionArn!, 'WaitStateEntered');
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await clock.advance(120_000);
    const done = await finished(executionArn!);
    expect(done).toMatchObject({ status: 'SUCCEEDED', name: 'run-1', stateMachineArn });
    expect(JSON.parse(done.output!)).toEqual({ n: 3, wait: 120, first: { n: 6 }, second: { n: 12 } });
    expect(done.stopDate!.getTime() - done.startDate!.getTime()).toBe(120_000);

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events!.map((e: HistoryEvent) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history.events![2]!.lambdaFunctionScheduledEventDetails).toMatchObject({
      resource: fnArn('double'),
      input: '{"n":3,"wait":120}',
    });
    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }),
    );
    expect(reversed.events!.map((e) => e.type)).toEqual(['ExecutionSucceeded', 'SucceedStateExited']);
    const next = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: 2,
        nextToken: reversed.nextToken,
      }),
    );
    expect(next.events!.map((e) => e.id)).toEqual([16, 15]);

    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'run-1', input: '{}' })),
    ).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
      message: `Execution Already Exists: '${executionArn}'`,
    });
  });

  it('a function’s error is caught by its errorType', async () => {
    const { stateMachineArn } = await machine('catcher', {
      StartAt: 'Break',
      States: {
        Break: {
          Type: 'Task',
          Resource: fnArn('broken'),
          Catch: [{ ErrorEquals: ['BrokenError'], ResultPath: '$.err', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Pass', End: true },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    const done = await finished(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as { err: { Error: string; Cause: string } };
    expect(output.err.Error).toBe('BrokenError');
    expect(JSON.parse(output.err.Cause)).toMatchObject({ errorType: 'BrokenError', errorMessage: 'no good' });
  });
});

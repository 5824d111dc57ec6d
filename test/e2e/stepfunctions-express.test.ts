import {
  CreateStateMachineCommand,
  SFNClient,
  StartSyncExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/common/clock.js';
import { buildZip } from '../../src/common/zip-writer.js';
import { awsCli } from '../support/aws-cli.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * StartSyncExecution for EXPRESS machines. Its endpoint carries the host prefix `sync-`, which
 * no resolver finds for 127.0.0.1: the SDK is told `disableHostPrefix`, the AWS CLI
 * AWS_DISABLE_HOST_PREFIX_INJECTION, as a user pointing either at a local endpoint must.
 */

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
    disableHostPrefix: true,
  });
  await createActiveFunction(t.lambda, 'greet', {
    Code: {
      ZipFile: await buildZip({
        'index.js': 'exports.handler = async (e) => ({ greeting: `hello ${e.who}` });\n',
      }),
    },
  });
});
afterAll(async () => {
  sfn?.destroy();
  await t?.dispose();
});

const machine = (name: string, definition: object, type: 'EXPRESS' | 'STANDARD' = 'EXPRESS') =>
  sfn.send(
    new CreateStateMachineCommand({ name, type, roleArn: ROLE, definition: JSON.stringify(definition) }),
  );

/** Moves the virtual clock along until `work` settles (a Wait inside a sync execution needs time). */
async function whileTicking<T>(work: Promise<T>, stepMs = 1000): Promise<T> {
  let done = false;
  const settled = work.finally(() => (done = true));
  while (!done) {
    await clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 20));
  }
  return settled;
}

describe('StartSyncExecution', () => {
  it('runs an EXPRESS machine to its end and answers with its output', async () => {
    const { stateMachineArn } = await machine('greeter', {
      StartAt: 'Greet',
      States: {
        Greet: { Type: 'Task', Resource: fnArn('greet'), ResultPath: '$.out', Next: 'Pause' },
        Pause: { Type: 'Wait', Seconds: 30, End: true },
      },
    });
    const started = clock.now();
    const out = await whileTicking(
      sfn.send(
        new StartSyncExecutionCommand({
          stateMachineArn,
          name: 'sync-1',
          input: '{"who":"you"}',
          traceHeader: 'Root=1-abc',
        }),
      ),
    );
    expect(out).toMatchObject({
      stateMachineArn,
      name: 'sync-1',
      status: 'SUCCEEDED',
      input: '{"who":"you"}',
      traceHeader: 'Root=1-abc',
      billingDetails: { billedMemoryUsedInMB: 64 },
    });
    expect(out.executionArn).toMatch(
      /^arn:aws:states:us-east-1:000000000000:express:greeter:sync-1:[0-9a-f-]{36}$/,
    );
    expect(JSON.parse(out.output!)).toEqual({ who: 'you', out: { greeting: 'hello you' } });
    expect(out.startDate!.getTime()).toBeGreaterThanOrEqual(started);
    expect(out.stopDate!.getTime() - out.startDate!.getTime()).toBeGreaterThanOrEqual(30_000);
    expect(out.billingDetails!.billedDurationInMilliseconds! % 100).toBe(0);
  });

  it('a failed execution is still a 200, with the error and cause', async () => {
    const { stateMachineArn } = await machine('refuser', {
      StartAt: 'No',
      States: { No: { Type: 'Fail', Error: 'Refused', Cause: 'not today' } },
    });
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn }));
    expect(out).toMatchObject({ status: 'FAILED', error: 'Refused', cause: 'not today' });
    expect(out.output).toBeUndefined();
  });

  it('times out after the machine’s TimeoutSeconds, at most five minutes', async () => {
    const { stateMachineArn } = await machine('sleeper', {
      StartAt: 'Sleep',
      States: { Sleep: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const out = await whileTicking(sfn.send(new StartSyncExecutionCommand({ stateMachineArn })), 30_000);
    expect(out.status).toBe('TIMED_OUT');
    // As DescribeExecution on AWS: States.Timeout is in the history only, not on the execution.
    expect(out.error).toBeUndefined();
    expect(out.stopDate!.getTime() - out.startDate!.getTime()).toBe(300_000);
  });

  it('refuses a STANDARD machine, and .waitForTaskToken in an EXPRESS one', async () => {
    const { stateMachineArn } = await machine(
      'standard-one',
      { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      'STANDARD',
    );
    await expect(sfn.send(new StartSyncExecutionCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: 'StateMachineTypeNotSupported',
      message: 'StartSyncExecution is not available for STANDARD workflows.',
    });
    const callback = {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'greet', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    };
    const refusal =
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration at /States/Ask/Resource'";
    await expect(machine('callback', callback)).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: refusal,
    });
    const { stateMachineArn: express } = await machine('plain-express', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    await expect(
      sfn.send(
        new UpdateStateMachineCommand({ stateMachineArn: express, definition: JSON.stringify(callback) }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidDefinition', message: refusal });
    const validated = await sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(callback), type: 'EXPRESS' }),
    );
    expect(validated.result).toBe('FAIL');
    expect(validated.diagnostics).toEqual([
      expect.objectContaining({ code: 'SCHEMA_VALIDATION_FAILED', location: '/States/Ask/Resource' }),
    ]);
  });

  it('with the AWS CLI v1 (host prefix injection off)', async () => {
    const { stateMachineArn } = await machine('cli-express', {
      StartAt: 'Greet',
      States: { Greet: { Type: 'Task', Resource: fnArn('greet'), End: true } },
    });
    process.env['AWS_DISABLE_HOST_PREFIX_INJECTION'] = 'true';
    try {
      const out = (await awsCli(
        t,
        'stepfunctions',
        'start-sync-execution',
        '--state-machine-arn',
        stateMachineArn!,
        '--input',
        '{"who":"cli"}',
      )) as { status: string; output: string };
      expect(out.status).toBe('SUCCEEDED');
      expect(JSON.parse(out.output)).toEqual({ greeting: 'hello cli' });
    } finally {
      delete process.env['AWS_DISABLE_HOST_PREFIX_INJECTION'];
    }
  });
});

import { CreateStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradual } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * `gradual executions` as a user runs it (compile first: npx tsc -p tsconfig.build.json), against
 * a real server whose clock runs 600 times faster: a 600 s Wait takes a second.
 */

let t: TestServer;
let sfn: SFNClient;
let env: Record<string, string>;
let machineArn: string;

const definition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: 'ready', ResultPath: '$.prepared', Next: 'Pause' },
    Pause: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Healthy?' },
    'Healthy?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.healthy', BooleanEquals: true, Next: 'Done' }],
      Default: 'Broken',
    },
    Done: { Type: 'Succeed' },
    Broken: { Type: 'Fail', Error: 'HealthCheck returned FAILED', Cause: 'Function deployment failed' },
  },
};

beforeAll(async () => {
  t = await startTestServer({ timeScale: 600 });
  env = {
    AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: t.server.url,
  };
  sfn = new SFNClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    maxAttempts: 1,
  });
  machineArn = (
    await sfn.send(
      new CreateStateMachineCommand({
        name: 'Deploy',
        roleArn: 'arn:aws:iam::000000000000:role/states',
        definition: JSON.stringify(definition),
      }),
    )
  ).stateMachineArn!;
});
afterAll(async () => {
  sfn?.destroy();
  await t?.dispose();
});

/** `1h 05m`, `4m 12s`, `9s` in minutes. */
function minutes(text: string): number {
  const [, h, m, sec] = /^(?:(\d+)h )?(?:(\d+)m ?)?(?:(\d+)s)?$/.exec(text) ?? [];
  return Number(h ?? 0) * 60 + Number(m ?? 0) + Number(sec ?? 0) / 60;
}

const start = async (name: string, input: object): Promise<string> =>
  (
    await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name, input: JSON.stringify(input) }),
    )
  ).executionArn!;

describe('gradual executions', () => {
  it('--watch follows one to its end: exit 0 when it succeeds, 1 with the error when it fails', async () => {
    const ok = await start('healthy', { wait: 600, healthy: true });
    const watched = await gradual(['executions', ok, '--watch'], env);
    expect(watched.code, watched.stderr).toBe(0);
    const lines = watched.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Deploy\/healthy \S+ \S+Z 1 {2}ExecutionStarted$/);
    expect(lines.map((l) => l.replace(/^Deploy\/healthy \S+ \S+Z /, ''))).toEqual([
      '1  ExecutionStarted',
      '2  PassStateEntered Prepare',
      '3  PassStateExited Prepare',
      '4  WaitStateEntered Pause',
      '5  WaitStateExited Pause',
      '6  ChoiceStateEntered Healthy?',
      '7  ChoiceStateExited Healthy?',
      '8  SucceedStateEntered Done',
      '9  SucceedStateExited Done',
      '10  ExecutionSucceeded',
      // The Wait is 10 minutes of the scaled clock; a loaded machine adds a minute or so to it.
      expect.stringMatching(/^Deploy\/healthy SUCCEEDED in 1\dm \d\ds$/),
    ]);

    const bad = await start('broken', { wait: 600, healthy: false });
    const failed = await gradual(['executions', 'Deploy/broken', '--watch'], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /ExecutionFailed: HealthCheck returned FAILED \(Function deployment failed\)\nDeploy\/broken FAILED after 1\dm \d\ds: HealthCheck returned FAILED\n$/,
    );
    expect(failed.stderr).toBe(
      'gradual: execution broken FAILED: HealthCheck returned FAILED (Function deployment failed)\n',
    );
    expect(bad).toContain(':execution:Deploy:broken');
  });

  it('lists executions newest first, and shows one with its states and history', async () => {
    await start('waiting', { wait: 86_400, healthy: true });
    const listed = await gradual(['executions', '--state-machine', 'Deploy'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^EXECUTION\s+STATUS\s+STARTED\s+DURATION\n/);
    expect(listed.stdout).toMatch(/Deploy\/waiting\s+RUNNING\s+\S+ \S+Z\s+running\n/);
    expect(listed.stdout).toMatch(/Deploy\/broken\s+FAILED\s+\S+ \S+Z\s+1\dm \d\ds\n/);
    const failedOnly = await gradual(['executions', '--status', 'failed'], env);
    expect(failedOnly.stdout.trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^Deploy\/broken\s+FAILED/),
    ]);

    const shown = await gradual(['executions', 'Deploy/waiting'], env);
    expect(shown.code, shown.stderr).toBe(0);
    const lines = shown.stdout.split('\n');
    // Time runs 600x: the time left and the time so far add up to the Wait's day, whatever the load.
    const [, left, sofar] =
      /^Deploy\/waiting {2}RUNNING · Pause, (.+) left · (.+) so far$/.exec(lines[0]!) ?? [];
    expect(minutes(left!) + minutes(sofar!)).toBeGreaterThanOrEqual(24 * 60 - 2);
    expect(minutes(left!) + minutes(sofar!)).toBeLessThanOrEqual(24 * 60 + 2);
    expect(shown.stdout).toContain('  input:  {"wait":86400,"healthy":true}\n');
    expect(shown.stdout).toMatch(
      /States:\n {2}✓ Prepare\s+Pass\s+1×\n {2}▶ Pause\s+Wait\s+1×\s+\d+h \d\dm left\n {4}Healthy\?\s+Choice\n {4}Done\s+Succeed\n {4}Broken\s+Fail\n/,
    );
    expect(shown.stdout).toMatch(/History:\n.+ 1 {2}ExecutionStarted\n.+ 4 {2}WaitStateEntered Pause\n$/s);

    const missing = await gradual(['executions', 'Deploy/nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      "gradual: Execution Does Not Exist: 'arn:aws:states:us-east-1:000000000000:execution:Deploy:nope'\n",
    );
  });
});

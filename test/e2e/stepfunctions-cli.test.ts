import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/common/clock.js';
import { buildZip } from '../../src/common/zip-writer.js';
import { createActiveFunction } from '../support/lambda.js';
import { launcherOf } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

const exec = promisify(execFile);
/** execFile of the CLI a test names, through its launcher in the test run (support/aws-cli.ts). */
const run = (bin: string, args: string[], options: { env: NodeJS.ProcessEnv }) =>
  exec(launcherOf(bin), args, { ...options, encoding: 'utf8' });

/** The AWS CLI v1 on PATH and Debian's AWS CLI 2.9 (/usr/bin/aws): both speak AWS JSON 1.0 to `states`. */
const CLIS = [
  { name: 'aws v1', bin: 'aws' },
  { name: '/usr/bin/aws v2.9', bin: '/usr/bin/aws' },
];

function installed(bin: string): boolean {
  if (bin.startsWith('/')) return existsSync(bin);
  try {
    execFileSync('which', [bin]);
    return true;
  } catch {
    return false;
  }
}

const ROLE = 'arn:aws:iam::000000000000:role/states-role';
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  await createActiveFunction(t.lambda, 'weigh', {
    Code: { ZipFile: await buildZip({ 'index.js': 'exports.handler = async (e) => e.steps * 10;\n' }) },
  });
});
afterAll(async () => {
  await t?.dispose();
});

async function aws(bin: string, ...args: string[]): Promise<unknown> {
  const { stdout } = await run(bin, [...args, '--endpoint-url', t.server.url, '--output', 'json'], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    },
  });
  return stdout.trim() ? (JSON.parse(stdout) as unknown) : undefined;
}

interface Described {
  status: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: string | number;
  stopDate?: string | number;
}

/** CLI v1 prints timestamps as the wire's epoch seconds, v2 as ISO 8601. */
const ms = (t: string | number | undefined): number =>
  typeof t === 'number' ? t * 1000 : Date.parse(t ?? '');
interface History {
  events: { id: number; type: string; previousEventId: number; [details: string]: unknown }[];
  NextToken?: string;
}

const definition = {
  StartAt: 'Weigh',
  States: {
    Weigh: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:weigh',
      ResultPath: '$.weight',
      Next: 'Wait',
    },
    Wait: { Type: 'Wait', SecondsPath: '$.interval', Next: 'Heavy?' },
    'Heavy?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.weight', NumericGreaterThanEquals: 100, Next: 'Fail' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
    Fail: { Type: 'Fail', Error: 'TooHeavy', Cause: 'weight over 100' },
  },
};

describe.sequential('Step Functions with the AWS CLI', () => {
  for (const { name, bin } of CLIS) {
    it.skipIf(!installed(bin))(
      `${name}: start-execution, describe-execution, get-execution-history`,
      async () => {
        const machine = `cli-${bin === 'aws' ? 'v1' : 'v2'}`;
        const { stateMachineArn } = (await aws(
          bin,
          'stepfunctions',
          'create-state-machine',
          '--name',
          machine,
          '--role-arn',
          ROLE,
          '--definition',
          JSON.stringify(definition),
        )) as { stateMachineArn: string };
        expect(stateMachineArn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:${machine}`);

        const start = async (runName: string, steps: number) =>
          (
            (await aws(
              bin,
              'stepfunctions',
              'start-execution',
              '--state-machine-arn',
              stateMachineArn,
              '--name',
              runName,
              '--input',
              JSON.stringify({ steps, interval: 120 }),
            )) as { executionArn: string; startDate: string }
          ).executionArn;
        const light = await start('light', 4);
        const heavy = await start('heavy', 12);
        const describe = (arn: string) =>
          aws(bin, 'stepfunctions', 'describe-execution', '--execution-arn', arn) as Promise<Described>;
        const history = (arn: string, ...more: string[]) =>
          aws(
            bin,
            'stepfunctions',
            'get-execution-history',
            '--execution-arn',
            arn,
            ...more,
          ) as Promise<History>;

        // Both wait 120 s of platform time once their Task has reported.
        for (const arn of [light, heavy]) {
          for (let i = 0; !(await history(arn)).events.some((e) => e.type === 'WaitStateEntered'); i++) {
            expect(i, 'the Task should report within a minute').toBeLessThan(120);
            await new Promise((r) => setTimeout(r, 500));
          }
          expect((await describe(arn)).status).toBe('RUNNING');
        }
        await clock.advance(120_000);
        for (const arn of [light, heavy]) {
          for (let i = 0; (await describe(arn)).status === 'RUNNING'; i++) {
            expect(i).toBeLessThan(60);
            await new Promise((r) => setTimeout(r, 500));
          }
        }

        const ok = await describe(light);
        expect(ok).toMatchObject({ status: 'SUCCEEDED' });
        expect(JSON.parse(ok.output!)).toEqual({ steps: 4, interval: 120, weight: 40 });
        expect(ms(ok.stopDate) - ms(ok.startDate)).toBeGreaterThanOrEqual(120_000);
        const failed = await describe(heavy);
        expect(failed).toMatchObject({ status: 'FAILED', error: 'TooHeavy', cause: 'weight over 100' });

        const events = (await history(heavy)).events;
        expect(events.map((e) => e.type)).toEqual([
          'ExecutionStarted',
          'TaskStateEntered',
          'LambdaFunctionScheduled',
          'LambdaFunctionStarted',
          'LambdaFunctionSucceeded',
          'TaskStateExited',
          'WaitStateEntered',
          'WaitStateExited',
          'ChoiceStateEntered',
          'ChoiceStateExited',
          'FailStateEntered',
          'ExecutionFailed',
        ]);
        expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
        expect(events.at(-1)).toMatchObject({
          previousEventId: 11,
          executionFailedEventDetails: { error: 'TooHeavy', cause: 'weight over 100' },
        });
        expect(events[4]).toMatchObject({ lambdaFunctionSucceededEventDetails: { output: '120' } });

        // The CLI pages by itself (--max-items / --starting-token), newest first with --reverse-order.
        const first = await history(heavy, '--reverse-order', '--max-items', '3');
        expect(first.events.map((e) => e.type)).toEqual([
          'ExecutionFailed',
          'FailStateEntered',
          'ChoiceStateExited',
        ]);
        expect(first.NextToken).toBeTruthy();
        const rest = await history(heavy, '--reverse-order', '--starting-token', first.NextToken!);
        expect(rest.events.map((e) => e.id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
        const noData = await history(heavy, '--no-include-execution-data');
        const { timestamp, ...started } = noData.events[0]!;
        expect(ms(timestamp as string | number)).toBeGreaterThan(0);
        expect(started).toEqual({
          type: 'ExecutionStarted',
          id: 1,
          previousEventId: 0,
          executionStartedEventDetails: { roleArn: ROLE },
        });

        const listed = (await aws(
          bin,
          'stepfunctions',
          'list-executions',
          '--state-machine-arn',
          stateMachineArn,
          '--status-filter',
          'FAILED',
        )) as { executions: { name: string; status: string }[] };
        expect(listed.executions).toEqual([expect.objectContaining({ name: 'heavy', status: 'FAILED' })]);
      },
      180_000,
    );
  }
});

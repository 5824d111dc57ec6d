import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient, ListTagsCommand } from '@aws-sdk/client-lambda';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { BASIC_EXECUTION, ensureRole } from '../support/iam.js';
import { createActiveFunction } from '../support/lambda.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { tempDir } from '../support/server.js';

/**
 * A real `gradual serve` process at --time-scale 60, killed with SIGKILL while an execution
 * waits, and started again on the same data dir. The Task is a Python function that tags itself
 * once per invocation through boto3 (a write the server acknowledges durably), so the tags count
 * how often each Task ran.
 */
const SCALE = ['--time-scale', '60'];
const ROLE = 'arn:aws:iam::000000000000:role/states-role';
const COUNTER = [
  'import boto3',
  '',
  'def handler(event, context):',
  '    boto3.client("lambda").tag_resource(',
  '        Resource=context.invoked_function_arn, Tags={f"call-{context.aws_request_id}": event["task"]})',
  '    return event["task"]',
  '',
].join('\n');

function clients(server: ServerProcess) {
  const config = {
    endpoint: server.url,
    region: 'us-east-1',
    credentials: server.credentials,
    maxAttempts: 1,
  };
  return { sfn: new SFNClient(config), lambda: new LambdaClient(config), iam: new IAMClient(config) };
}

async function eventsOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return performance.now();
}

const machine = (wait: number) => ({
  StartAt: 'First',
  States: {
    First: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:counter',
      Parameters: { task: 'first' },
      ResultPath: '$.first',
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', Seconds: wait, Next: 'Second' },
    Second: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:counter',
      Parameters: { task: 'second' },
      ResultPath: '$.second',
      End: true,
    },
  },
});

describe('a real server process, killed during a Wait', () => {
  it('at --time-scale 60 a 120 s Wait takes 2 s; killed with -9 in a Wait, the execution resumes and finishes, each Task run once', async () => {
    const dataDir = tempDir('gradual-states-crash-');
    let server = await spawnServer(dataDir, SCALE);
    try {
      let { sfn, lambda } = clients(server);
      // The counter tags itself, so its execution role allows that (and logs), nothing more.
      const counterRole = await ensureRole(clients(server).iam, {
        name: 'counter-role',
        managed: [BASIC_EXECUTION],
        inline: {
          'tag-itself': JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'lambda:TagResource', Resource: '*' }],
          }),
        },
      });
      await createActiveFunction(lambda, 'counter', {
        Role: counterRole,
        Runtime: 'python3.12',
        Handler: 'app.handler',
        // Timeouts run on the scaled clock: at 60x, 30 s was 500 ms of real time for a boto3
        // client's creation and a request, which a loaded machine overran (the Task timed out and
        // the execution FAILED). 900 s is 15 s of real time; what is tested is the Wait's resumption.
        Timeout: 900,
        Code: { ZipFile: await buildZip({ 'app.py': COUNTER }) },
      });
      const create = async (name: string, wait: number) =>
        (
          await sfn.send(
            new CreateStateMachineCommand({ name, roleArn: ROLE, definition: JSON.stringify(machine(wait)) }),
          )
        ).stateMachineArn!;
      const short = await create('short-wait', 120);
      const long = await create('long-wait', 900);

      // --time-scale: 120 s of Wait, 2 s of wall time.
      const quick = (await sfn.send(new StartExecutionCommand({ stateMachineArn: short }))).executionArn!;
      const waiting = await until('short: in its Wait', async () =>
        (await eventsOf(sfn, quick)).some((e) => e.type === 'WaitStateEntered'),
      );
      const left = await until('short: past its Wait', async () =>
        (await eventsOf(sfn, quick)).some((e) => e.type === 'WaitStateExited'),
      );
      const wallMs = left - waiting;
      expect(wallMs).toBeGreaterThanOrEqual(1900);
      expect(wallMs).toBeLessThan(5000);
      const quickEvents = await eventsOf(sfn, quick);
      const at = (type: string) => quickEvents.find((e) => e.type === type)!.timestamp!.getTime();
      expect(at('WaitStateExited') - at('WaitStateEntered')).toBeGreaterThanOrEqual(120_000);
      console.log(
        `a 120 s Wait at --time-scale 60 took ${Math.round(wallMs)} ms of wall time (polled every 25 ms)`,
      );

      // 900 s of Wait is 15 s of wall time: kill -9 in it, start again on the same data dir.
      const crashed = (await sfn.send(new StartExecutionCommand({ stateMachineArn: long, name: 'crashed' })))
        .executionArn!;
      await until('long: in its Wait', async () =>
        (await eventsOf(sfn, crashed)).some((e) => e.type === 'WaitStateEntered'),
      );
      await server.stop('SIGKILL');
      sfn.destroy();
      lambda.destroy();

      server = await spawnServer(dataDir, SCALE);
      ({ sfn, lambda } = clients(server));
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn: crashed }))).status).toBe(
        'RUNNING',
      );
      await until(
        'long: finished after the restart',
        async () =>
          (await sfn.send(new DescribeExecutionCommand({ executionArn: crashed }))).status !== 'RUNNING',
        90_000,
      );
      const done = await sfn.send(new DescribeExecutionCommand({ executionArn: crashed }));
      const events = await eventsOf(sfn, crashed);
      // On failure, say why: the history's failing events.
      const failures = events.filter((e) => e.type?.endsWith('Failed') || e.type?.endsWith('TimedOut'));
      expect(done.status, JSON.stringify(failures)).toBe('SUCCEEDED');
      expect(JSON.parse(done.output!)).toEqual({ first: 'first', second: 'second' });
      expect(events.filter((e) => e.type === 'LambdaFunctionScheduled')).toHaveLength(2);
      const time = (type: string) => events.find((e) => e.type === type)!.timestamp!.getTime();
      const taskSeconds = (['LambdaFunctionStarted', 'LambdaFunctionSucceeded'] as const).map((type) =>
        events.filter((e) => e.type === type).map((e) => e.timestamp!.getTime()),
      );
      console.log(
        `the Tasks took ${taskSeconds[1]!.map((end, i) => ((end - taskSeconds[0]![i]!) / 1000).toFixed(1)).join(' s and ')} s on the scaled clock`,
      );
      expect(time('WaitStateExited') - time('WaitStateEntered')).toBeGreaterThanOrEqual(900_000);

      // Each Task ran exactly once for each execution: two executions, two Tasks each.
      const { Tags } = await lambda.send(
        new ListTagsCommand({ Resource: 'arn:aws:lambda:us-east-1:000000000000:function:counter' }),
      );
      const calls = Object.entries(Tags ?? {}).filter(([key]) => key.startsWith('call-'));
      expect(calls.map(([, task]) => task).sort()).toEqual(['first', 'first', 'second', 'second']);
      sfn.destroy();
      lambda.destroy();
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

import { CodeDeployClient, type DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionCommand, InvokeCommand, LambdaClient, ListTagsCommand } from '@aws-sdk/client-lambda';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { storedLog } from '../support/cluster-db.js';
import { BASIC_EXECUTION, ensureRole } from '../support/iam.js';
import { createActiveFunction } from '../support/lambda.js';
import {
  aliasOf,
  appSpec,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { tempDir } from '../support/server.js';
import { until } from '../support/until.js';

/** Every node of a cluster accepts the same keys; given here so the test knows them. */
const KEYS = { GRADUAL_ACCESS_KEY_ID: 'GRADCLUSTERTEST', GRADUAL_SECRET_ACCESS_KEY: 'cluster-secret' };

/** The first test's database (a cluster at scale 1), and the second's (at 60x). */
let single: TestDatabase;
let pair: TestDatabase;
const dirs: string[] = [];
const running: ServerProcess[] = [];

beforeAll(async () => {
  single = await createTestDatabase();
  pair = await createTestDatabase();
});
afterAll(async () => {
  await Promise.allSettled(running.map((s) => s.stop('SIGKILL')));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await single?.drop();
  await pair?.drop();
});

/** `gradual serve --database <url>` with a data dir of its own (nothing shared through disk). */
async function node(database: TestDatabase, args: string[] = []): Promise<ServerProcess> {
  const dir = tempDir('gradual-pg-node-');
  dirs.push(dir);
  const server = await spawnServer(dir, ['--database', database.url, ...args], KEYS);
  running.push(server);
  return server;
}

function clients(server: ServerProcess): {
  lambda: LambdaClient;
  cd: CodeDeployClient;
  sfn: SFNClient;
  iam: IAMClient;
} {
  const config = {
    endpoint: server.url,
    region: 'us-east-1',
    credentials: server.credentials,
    maxAttempts: 1,
  };
  return {
    lambda: new LambdaClient(config),
    cd: new CodeDeployClient(config),
    sfn: new SFNClient(config),
    iam: new IAMClient(config),
  };
}

function destroy(c: ReturnType<typeof clients>): void {
  for (const client of Object.values(c)) client.destroy();
}

/** Tags itself once per invocation (a write the cluster keeps), so the tags count the Task's runs. */
const COUNTER = [
  'import boto3',
  '',
  'def handler(event, context):',
  '    boto3.client("lambda").tag_resource(',
  '        Resource=context.invoked_function_arn, Tags={f"call-{context.aws_request_id}": event["task"]})',
  '    return event["task"]',
  '',
].join('\n');
const COUNTER_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:counter';

const task = (name: string, next: object): object => ({
  Type: 'Task',
  Resource: COUNTER_ARN,
  Parameters: { task: name },
  ResultPath: `$.${name}`,
  ...next,
});
/** A Task, a Wait of five minutes (five seconds at 60x), a Task. */
const MACHINE = {
  StartAt: 'First',
  States: {
    First: task('first', { Next: 'Pause' }),
    Pause: { Type: 'Wait', Seconds: 300, Next: 'Second' },
    Second: task('second', { End: true }),
  },
};

async function invoke(lambda: LambdaClient, name: string): Promise<unknown> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name }));
  return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString()) as unknown;
}

async function waitFinished(cd: CodeDeployClient, id: string): Promise<DeploymentInfo> {
  for (let i = 0; i < 600; i++) {
    const d = await deploymentOf(cd, id);
    if (d.status === 'Succeeded' || d.status === 'Failed' || d.status === 'Stopped') return d;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`deployment ${id} did not finish`);
}

describe('gradual serve --database (PostgreSQL)', () => {
  it('keeps functions and their code in the database: a node with an empty data dir runs them', async () => {
    const first = await node(single);
    expect(first.output()).toContain('cluster node');
    const a = clients(first);
    await functionWithVersions(a.lambda, 'kept');
    const v1 = await invoke(a.lambda, 'kept:1');
    expect(await first.stop('SIGTERM')).toBe(0);
    destroy(a);

    const second = await node(single);
    const b = clients(second);
    const fn = await b.lambda.send(new GetFunctionCommand({ FunctionName: 'kept' }));
    expect(fn.Configuration?.State).toBe('Active');
    // Version 2 was uploaded through the first node only: its code comes from the database.
    expect(await invoke(b.lambda, 'kept:2')).toEqual({ version: 2 });
    expect(await invoke(b.lambda, 'kept:live')).toEqual(v1);
    await second.stop('SIGTERM');
    destroy(b);
  });

  it('a node killed mid-deployment: another node takes the deployment over, each shift made once', async () => {
    // 60x: Linear10PercentEvery1Minute's nine minutes of waits take nine seconds.
    const scale = ['--time-scale', '60'];
    // The cluster's timeline was set by the first test's nodes (scale 1): other scales are refused.
    await expect(node(single, scale)).rejects.toThrow(/this cluster runs at --time-scale 1/);
    const driver = await node(pair, scale);
    const other = await node(pair, scale);
    const a = clients(driver);
    const b = clients(other);
    await functionWithVersions(a.lambda, 'fn');
    await createGroup(a.cd, 'app', 'g', {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });
    const id = await deploy(a.cd, 'app', 'g', appSpec('fn', '1', '2'));
    await new Promise((r) => setTimeout(r, 2500));
    await driver.stop('SIGKILL');
    destroy(a);
    const atKill = (await storedLog(pair.url, id)).filter((e) => e.event === 'shifted').length;
    expect(atKill, 'the first node should have shifted some traffic').toBeGreaterThan(0);
    expect(atKill, 'the kill should land mid-deployment').toBeLessThan(10);

    const done = await waitFinished(b.cd, id);
    expect(done.status).toBe('Succeeded');
    expect(await aliasOf(b.lambda, 'fn')).toEqual({ version: '2', weights: undefined });
    // One driver at a time: each weight of the schedule applied exactly once, in order.
    const shifted = (await storedLog(pair.url, id)).filter((e) => e.event === 'shifted').map((e) => e.weight);
    expect(shifted).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    await other.stop('SIGTERM');
    destroy(b);
  });

  it('a node killed while its execution waits: another node finishes the execution, each Task run once', async () => {
    const scale = ['--time-scale', '60'];
    const driver = await node(pair, scale);
    const other = await node(pair, scale);
    const a = clients(driver);
    const b = clients(other);
    const role = await ensureRole(a.iam, {
      name: 'counter-role',
      managed: [BASIC_EXECUTION],
      inline: {
        'tag-itself': JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'lambda:TagResource', Resource: '*' }],
        }),
      },
    });
    await createActiveFunction(a.lambda, 'counter', {
      Role: role,
      Runtime: 'python3.12',
      Handler: 'app.handler',
      // Lambda's longest: at --time-scale 60, 30 s was half a real second, less than a Python cold
      // start with boto3 took on a loaded machine (the Task timed out, the execution failed).
      Timeout: 900,
      Code: { ZipFile: await buildZip({ 'app.py': COUNTER }) },
    });
    const { stateMachineArn } = await a.sfn.send(
      new CreateStateMachineCommand({
        name: 'waits',
        roleArn: 'arn:aws:iam::000000000000:role/states-role',
        definition: JSON.stringify(MACHINE),
      }),
    );
    const { executionArn } = await a.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const events = async (sfn: SFNClient): Promise<HistoryEvent[]> =>
      (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
    await until(
      'in its Wait',
      async () => {
        const history = await events(a.sfn);
        // An execution that ended before its Wait (its Task failed) says why at once, not after 60 s.
        const ended = history.find((e) => /^Execution(Failed|TimedOut|Aborted)$/.test(e.type ?? ''));
        if (ended)
          throw new Error(`the execution ended before its Wait: ${JSON.stringify(history.slice(-4))}`);
        return history.some((e) => e.type === 'WaitStateEntered');
      },
      60_000,
    );
    await driver.stop('SIGKILL');
    destroy(a);

    const status = async (): Promise<string | undefined> =>
      (await b.sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
    expect(await status()).toBe('RUNNING');
    await until('finished on the other node', async () => (await status()) !== 'RUNNING', 90_000);
    const done = await b.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ first: 'first', second: 'second' });
    const history = await events(b.sfn);
    expect(history.filter((e) => e.type === 'LambdaFunctionScheduled')).toHaveLength(2);
    const at = (type: string) => history.find((e) => e.type === type)!.timestamp!.getTime();
    expect(at('WaitStateExited') - at('WaitStateEntered')).toBeGreaterThanOrEqual(300_000);
    // Each Task ran once: the first on the killed node, the second on the one that took over.
    const { Tags } = await b.lambda.send(new ListTagsCommand({ Resource: COUNTER_ARN }));
    const calls = Object.entries(Tags ?? {}).filter(([key]) => key.startsWith('call-'));
    expect(calls.map(([, t]) => t).sort()).toEqual(['first', 'second']);
    await other.stop('SIGTERM');
    destroy(b);
  });
});

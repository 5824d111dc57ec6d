import {
  CloudFormationClient,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { GetFunctionCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasOf, codeDeployClient } from '../support/codedeploy.js';
import { copyExample, runGradual, type CliRun } from '../support/deploy-cli.js';
import { gatewayRequest } from '../support/gateway.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Redeploying a template with resources removed deletes them, as CloudFormation's cleanup does. */
let t: TestServer;
let cd: CodeDeployClient;
let cw: CloudWatchClient;
let cfn: CloudFormationClient;
let app: string;
let original: string;

beforeAll(async () => {
  t = await startTestServer({ timeScale: 120 });
  cd = codeDeployClient(t);
  cw = new CloudWatchClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
  });
  cfn = new CloudFormationClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
  });
  app = copyExample('hello');
  original = readFileSync(join(app, 'template.yaml'), 'utf8');
});
afterAll(async () => {
  cd.destroy();
  cw.destroy();
  cfn.destroy();
  await t.dispose();
  rmSync(dirname(app), { recursive: true, force: true });
});

function deploy(stack: string, ...extra: string[]): Promise<CliRun> {
  return runGradual([
    'deploy',
    '--template',
    join(app, 'template.yaml'),
    '--stack-name',
    stack,
    '--endpoint',
    t.server.url,
    '--data-dir',
    t.dataDir,
    ...extra,
  ]);
}

/** examples/hello without HelloPython, its alarm and its output. */
function withoutPython(template: string): string {
  const cut = template
    .replace(/\n {2}HelloPython:\n[\s\S]*?- !Ref HelloPythonErrors\n/, '\n')
    .replace(/\n {2}HelloPythonErrors:\n[\s\S]*?TreatMissingData: notBreaching\n/, '\n')
    .replace(/ {2}HelloPythonAlias:\n.*\n/, '');
  expect(cut).not.toContain('HelloPython');
  return cut;
}

async function exists(fn: string): Promise<boolean> {
  return t.lambda.send(new GetFunctionCommand({ FunctionName: fn })).then(
    () => true,
    (e: Error) => {
      if (e.name === 'ResourceNotFoundException') return false;
      throw e;
    },
  );
}

async function alarmNames(): Promise<string[]> {
  const out = await cw.send(new DescribeAlarmsCommand({}));
  return (out.MetricAlarms ?? []).map((a) => a.AlarmName!).sort();
}

describe('gradual deploy: a function removed from the template', () => {
  it('Given two functions deployed, a deploy without one refuses while the stack updates, then deletes it with its alarm and group', async () => {
    // An alarm the stack did not create, named as the stack would name one: never deleted.
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'hello-Other',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    const first = await deploy('hello');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(await alarmNames()).toEqual(['hello-HelloNodeErrors', 'hello-HelloPythonErrors', 'hello-Other']);

    // A slow deployment of HelloPython, left running.
    writeFileSync(
      join(app, 'template.yaml'),
      original.replace(
        '          - !Ref HelloPythonErrors\n',
        '          - !Ref HelloPythonErrors\n        Type: Linear10PercentEvery10Minutes\n',
      ),
    );
    const py = join(app, 'python/app.py');
    writeFileSync(py, `${readFileSync(py, 'utf8')}\n# v2\n`);
    const started = await deploy('hello', '--no-wait');
    expect(started.code).toBe(0);
    const deploymentId = await activeDeployment();

    writeFileSync(join(app, 'template.yaml'), withoutPython(original));
    const refused = await deploy('hello');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'stack hello is UPDATE_IN_PROGRESS: an earlier deploy (or its rollback) is still running, so nothing was changed.',
    );
    expect(await exists('hello-HelloPython')).toBe(true);
    expect(await alarmNames()).toContain('hello-HelloPythonErrors');

    // Stopped, the deployment fails the update: the stack rolls back to version 1.
    await cd.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }));
    await waitFor(async () => (await stackStatus('hello')) === 'UPDATE_ROLLBACK_COMPLETE');
    expect(await aliasOf(t.lambda, 'hello-HelloPython')).toEqual({ version: '1', weights: undefined });

    // HelloNode's deployment fails (stopped) in the same deploy: nothing removed is deleted.
    const node = join(app, 'node/index.js');
    const nodeCode = readFileSync(node, 'utf8');
    writeFileSync(node, `${nodeCode}\n// v2\n`);
    writeFileSync(
      join(app, 'template.yaml'),
      withoutPython(original).replace(
        '          - !Ref HelloNodeErrors\n',
        '          - !Ref HelloNodeErrors\n        Type: Linear10PercentEvery10Minutes\n',
      ),
    );
    const failing = deploy('hello');
    const nodeDeployment = await activeDeployment();
    await cd.send(new StopDeploymentCommand({ deploymentId: nodeDeployment, autoRollbackEnabled: true }));
    const failed = await failing;
    expect(failed.code).toBe(1);
    // What the template dropped is deleted only once an update succeeds (CloudFormation's cleanup).
    expect(failed.stdout).toContain('Remove HelloPython (AWS::Lambda::Function)');
    expect(failed.stdout).toContain(
      'Stack hello: UPDATE_ROLLBACK_COMPLETE: every resource of the stack was rolled back.',
    );
    expect(failed.stdout).not.toContain('DELETE_COMPLETE');
    expect(await exists('hello-HelloPython')).toBe(true);
    expect(await alarmNames()).toContain('hello-HelloPythonErrors');
    writeFileSync(node, nodeCode);
    writeFileSync(join(app, 'template.yaml'), withoutPython(original));

    const group = await physicalId('hello', 'HelloPythonDeploymentGroup');
    const application = await physicalId('hello', 'ServerlessDeploymentApplication');
    const run = await deploy('hello');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('HelloNodeAliaslive UPDATE');
    expect(run.stdout).toContain('HelloPythonDeploymentGroup DELETE_COMPLETE');
    expect(run.stdout).toContain('HelloPython DELETE_COMPLETE');
    expect(run.stdout).toContain('HelloPythonErrors DELETE_COMPLETE');
    expect(run.stdout).toContain('Stack hello: UPDATE_COMPLETE.');
    expect(await exists('hello-HelloPython')).toBe(false);
    expect(await alarmNames()).toEqual(['hello-HelloNodeErrors', 'hello-Other']);
    // `cd` sat idle through the deploys: the server keeps idle sockets open longer than the SDK
    // does (src/server/gateway/keep-alive.ts), so reusing one is safe.
    await expect(
      cd.send(new GetDeploymentGroupCommand({ applicationName: application, deploymentGroupName: group })),
    ).rejects.toThrow(/DeploymentGroup|does not exist/i);
    expect(await aliasOf(t.lambda, 'hello-HelloNode')).toEqual({ version: '1', weights: undefined });

    const again = await deploy('hello');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('DELETE');
    expect(again.stdout).toContain('Stack hello: no changes.');

    // An alarm removed while a deployment starts with --no-wait: deleted when the update ends.
    const noAlarm = withoutPython(original)
      .replace('      DeploymentPreference:\n        Alarms:\n          - !Ref HelloNodeErrors\n', '')
      .replace(/\n {2}HelloNodeErrors:\n[\s\S]*?TreatMissingData: notBreaching\n/, '\n');
    expect(noAlarm).not.toContain('HelloNodeErrors');
    writeFileSync(join(app, 'template.yaml'), noAlarm);
    writeFileSync(node, `${nodeCode}\n// v3\n`);
    const unfollowed = await deploy('hello', '--no-wait');
    expect(unfollowed.code).toBe(0);
    expect(unfollowed.stdout).toContain('Remove HelloNodeErrors (AWS::CloudWatch::Alarm)');
    expect(unfollowed.stdout).toContain('Stack hello: change set executed (not waiting).');
    await waitFor(async () => (await stackStatus('hello')) === 'UPDATE_COMPLETE');
    expect(await alarmNames()).toEqual(['hello-Other']);
  });
});

const ROUTES = `Transform: AWS::Serverless-2016-10-31
Resources:
  Web:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: web/
      Handler: index.handler
      Runtime: nodejs20.x
      AutoPublishAlias: live
      Events:
        Hello: { Type: Api, Properties: { Path: /hello, Method: get } }
        Bye: { Type: Api, Properties: { Path: /deep/bye, Method: get } }
Outputs:
  ApiUrl:
    Value: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/"
`;

describe('gradual deploy: an Api route removed from the template', () => {
  it('Given two routes, a deploy without one deletes that route only; without any, the REST API', async () => {
    mkdirSync(join(app, 'web'));
    writeFileSync(
      join(app, 'web/index.js'),
      `exports.handler = async (event) => ({ statusCode: 200, body: 'hi ' + event.path });\n`,
    );
    writeFileSync(join(app, 'template.yaml'), ROUTES);
    const first = await deploy('routes');
    expect(first.code).toBe(0);
    const id = /ApiUrl = http:\/\/(\w+)\.execute-api/.exec(first.stdout)![1]!;
    const url = (path: string): string => `${t.server.gateway.url}/restapis/${id}/Prod/_user_request_${path}`;
    expect((await gatewayRequest(url('/deep/bye'))).status).toBe(200);

    writeFileSync(join(app, 'template.yaml'), ROUTES.replace(/\n {8}Bye:.*/, ''));
    const run = await deploy('routes');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ServerlessRestApi UPDATE_COMPLETE');
    expect(run.stdout).toMatch(/Remove WebBye\w*Permission\w* \(AWS::Lambda::Permission\)/);
    const bye = await gatewayRequest(url('/deep/bye'));
    expect([bye.status, bye.text]).toEqual([403, '{"message":"Missing Authentication Token"}']);
    const hello = await gatewayRequest(url('/hello'));
    expect([hello.status, hello.text]).toEqual([200, 'hi /hello']);
    expect(await exists('routes-Web')).toBe(true);
    // The permission SAM granted the removed route went with it.
    const policy = await t.lambda.send(
      new GetPolicyCommand({ FunctionName: 'routes-Web', Qualifier: 'live' }),
    );
    const sources = (JSON.parse(policy.Policy!) as { Statement: { Condition: unknown }[] }).Statement.map(
      (st) => JSON.stringify(st.Condition),
    );
    expect(sources).toHaveLength(1);
    expect(sources[0]).toContain(`${id}/*/GET/hello`);

    writeFileSync(join(app, 'template.yaml'), ROUTES.replace(/\n {6}Events:[\s\S]*?Outputs:[\s\S]*$/, '\n'));
    const none = await deploy('routes');
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('ServerlessRestApi DELETE_COMPLETE');
    expect((await gatewayRequest(url('/hello'))).status).not.toBe(200);
  });
});

/** The one CodeDeploy deployment running now (the stack update's). */
async function activeDeployment(): Promise<string> {
  let id: string | undefined;
  await waitFor(async () => {
    const { deployments } = await cd.send(
      new ListDeploymentsCommand({ includeOnlyStatuses: ['Created', 'InProgress'] }),
    );
    id = deployments?.[0];
    return id !== undefined;
  });
  return id!;
}

async function stackStatus(stack: string): Promise<string | undefined> {
  return (await cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0]?.StackStatus;
}

async function physicalId(stack: string, logicalId: string): Promise<string> {
  const out = await cfn.send(
    new DescribeStackResourceCommand({ StackName: stack, LogicalResourceId: logicalId }),
  );
  return out.StackResourceDetail!.PhysicalResourceId!;
}

async function waitFor(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

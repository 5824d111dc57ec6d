import { ListDeploymentsCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DescribeAlarmsCommand, CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
} from '@aws-sdk/client-lambda';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasOf, codeDeployClient, deploymentOf } from '../support/codedeploy.js';
import { copyExample, runGradual, type CliRun } from '../support/deploy-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * `gradual deploy` end to end: the compiled CLI as its own process, against a real server whose
 * clock runs 60 times faster (Canary10Percent5Minutes takes 5 s).
 */
let t: TestServer;
let cd: CodeDeployClient;
let cw: CloudWatchClient;
let app: string;

beforeAll(async () => {
  t = await startTestServer({ timeScale: 60 });
  cd = codeDeployClient(t);
  cw = new CloudWatchClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
  });
  app = copyExample('hello');
});
afterAll(async () => {
  cd.destroy();
  cw.destroy();
  await t.dispose();
  rmSync(dirname(app), { recursive: true, force: true });
});

function deploy(...extra: string[]): Promise<CliRun> {
  return runGradual([
    'deploy',
    '--template',
    join(app, 'template.yaml'),
    '--stack-name',
    'hello',
    '--endpoint',
    t.server.url,
    '--data-dir',
    t.dataDir,
    ...extra,
  ]);
}

async function versions(fn: string): Promise<string[]> {
  const out = await t.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: fn }));
  return out.Versions!.map((v) => v.Version!);
}

async function deploymentCount(): Promise<number> {
  return (await cd.send(new ListDeploymentsCommand({}))).deployments?.length ?? 0;
}

describe('gradual deploy (examples/hello)', () => {
  it('Given a new stack, the first deploy creates functions, alarms and aliases on version 1 without a deployment', async () => {
    const run = await deploy();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The stack's events are the progress: what was created, in the order it was.
    expect(run.stdout).toContain('change set: CREATE, 13 change(s)');
    expect(run.stdout).toContain('HelloNode CREATE_COMPLETE');
    expect(run.stdout).toContain('HelloNodeAliaslive CREATE_COMPLETE');
    expect(run.stdout).toContain('HelloPythonAliaslive CREATE_COMPLETE');
    expect(run.stdout).toContain('Stack hello: CREATE_COMPLETE.');
    expect(run.stdout).toContain(
      'HelloNodeAlias = arn:aws:lambda:us-east-1:000000000000:function:hello-HelloNode:live',
    );
    expect(await aliasOf(t.lambda, 'hello-HelloNode')).toEqual({ version: '1', weights: undefined });
    expect(await versions('hello-HelloPython')).toEqual(['$LATEST', '1']);
    const fn = await t.lambda.send(new GetFunctionCommand({ FunctionName: 'hello-HelloNode' }));
    expect(fn.Tags?.['gradual:cloudformation-stack-id']).toMatch(
      /^arn:aws:cloudformation:us-east-1:000000000000:stack\/hello\//,
    );
    const alarms = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'hello-' }));
    expect(alarms.MetricAlarms?.map((a) => a.AlarmName)).toEqual([
      'hello-HelloNodeErrors',
      'hello-HelloPythonErrors',
    ]);
    expect(await deploymentCount()).toBe(0);
    const reply = await t.lambda.send(
      new InvokeCommand({ FunctionName: 'hello-HelloPython', Qualifier: 'live', Payload: '{"name":"Ada"}' }),
    );
    expect(JSON.parse(Buffer.from(reply.Payload!).toString())).toEqual({
      message: 'Hello, Ada!',
      version: 'v1',
    });
  });

  it('Given the same template again, nothing changes', async () => {
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(280 bytes, already uploaded)');
    expect(run.stdout).not.toContain('change set:');
    expect(run.stdout).toContain('Stack hello: no changes.');
    expect(await versions('hello-HelloNode')).toEqual(['$LATEST', '1']);
    expect(await deploymentCount()).toBe(0);
  });

  it('Given new code, a version is published and shifted by a canary that succeeds', async () => {
    cpSync(join(app, 'versions/v2'), app, { recursive: true });
    const started = performance.now();
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Modify HelloNode (AWS::Lambda::Function)');
    expect(run.stdout).toMatch(/HelloNodeVersion\w+ CREATE_COMPLETE/);
    expect(run.stdout).toContain('Stack hello: UPDATE_COMPLETE.');
    expect(run.stdout).toContain('Step 1 of 2: 10% of traffic on version 2, held 5 min.');
    expect(run.stdout).toMatch(
      /hello-HelloNode:live d-\w+ shifted: Step 1 of 2: 10% of traffic on version 2/,
    );
    expect(run.stdout).toMatch(/hello-HelloPython:live d-\w+ succeeded: All traffic is on the new version/);
    // The canary's five minutes take 5 s at this time scale.
    expect(performance.now() - started).toBeGreaterThan(2000);
    expect(await aliasOf(t.lambda, 'hello-HelloNode')).toEqual({ version: '2', weights: undefined });
    expect(await aliasOf(t.lambda, 'hello-HelloPython')).toEqual({ version: '2', weights: undefined });
  });

  it('Given only a configuration change (a Timeout, which SAM would not publish), a version is published and shifted', async () => {
    const file = join(app, 'template.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    Timeout: 30\n', '    Timeout: 31\n'));
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('HelloNode UPDATE_COMPLETE');
    expect(run.stdout).toMatch(/HelloNodeVersion\w+ CREATE_COMPLETE/);
    expect(run.stdout).toMatch(/HelloPythonVersion\w+ CREATE_COMPLETE/);
    expect(await versions('hello-HelloPython')).toEqual(['$LATEST', '1', '2', '3']);
    expect(run.stdout).toMatch(/hello-HelloNode:live d-\w+ succeeded: All traffic is on the new version/);
    expect(await aliasOf(t.lambda, 'hello-HelloNode')).toEqual({ version: '3', weights: undefined });
    const live = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'hello-HelloNode', Qualifier: 'live' }),
    );
    expect(live.Timeout).toBe(31);
    const reply = await t.lambda.send(
      new InvokeCommand({ FunctionName: 'hello-HelloNode', Qualifier: 'live', Payload: '{"name":"Ada"}' }),
    );
    expect(JSON.parse(Buffer.from(reply.Payload!).toString())).toMatchObject({
      message: 'Hello, Ada, nice to see you!',
    });
  });

  it('Given a bug that raises errors under traffic, the alarm stops the canary and rolls it back', async () => {
    cpSync(join(app, 'versions/v3'), app, { recursive: true });
    const running = deploy();
    let done = false;
    void running.then(() => (done = true));
    // Steady traffic on the alias, without a name: version 4 throws on every such call. Three
    // callers: with one, the canary ended without stopping in two runs of seven (a few dozen calls
    // in its 2.5 s at 120x, a tenth of them to version 4: too few, we think; not proven). With
    // three it still ended so once, in a fresh-clone run at load 7: the clock now runs at 60x,
    // giving the alarm a canary of 5 s.
    const caller = async (): Promise<void> => {
      while (!done) {
        await t.lambda.send(
          new InvokeCommand({ FunctionName: 'hello-HelloNode', Qualifier: 'live', Payload: '{}' }),
        );
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await Promise.all([caller(), caller(), caller()]);
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/HelloNodeVersion\w+ CREATE_COMPLETE/);
    expect(run.stdout).toMatch(
      /hello-HelloNode: deployment d-\w+ Stopped:\n {2}One or more alarms [^\n]*\n( {2}[^\n]*\n)*? {2}[^\n]*Activated alarms: hello-HelloNodeErrors\n/,
    );
    expect(run.stdout).toContain(
      'Stack hello: UPDATE_ROLLBACK_COMPLETE: every resource of the stack was rolled back.',
    );
    expect(await aliasOf(t.lambda, 'hello-HelloNode')).toEqual({ version: '3', weights: undefined });
    const id = /hello-HelloNode:live (d-\w+) started: Shifting hello-HelloNode:live from version 3 to 4/.exec(
      run.stdout,
    )![1]!;
    expect(await deploymentOf(cd, id)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'ALARM_ACTIVE' },
    });
  });

  it('Given an HttpApi event on an explicit API or a Layers property, deploy refuses naming the path and changes nothing', async () => {
    const template = readFileSync(join(app, 'template.yaml'), 'utf8');
    const withEvent = template.replace(
      '      CodeUri: node/\n',
      '      CodeUri: node/\n      Events:\n        Hi: { Type: HttpApi, Properties: { ApiId: my-api } }\n',
    );
    writeFileSync(join(app, 'api.yaml'), withEvent);
    const refused = await deploy('--template', join(app, 'api.yaml'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^gradual deploy: the change set failed, nothing was changed: .*ApiId/);
    writeFileSync(
      join(app, 'layers.yaml'),
      template.replace('      CodeUri: node/\n', '      CodeUri: node/\n      Layers: [x]\n'),
    );
    const layers = await deploy('--template', join(app, 'layers.yaml'));
    expect(layers.code).toBe(2);
    expect(layers.stderr).toMatch(/^gradual deploy: the change set failed, nothing was changed: .*Layers/);
    expect(await versions('hello-HelloNode')).toEqual(['$LATEST', '1', '2', '3', '4']);
  });

  describe('a template that cannot be applied changes nothing, and says where and why', () => {
    const BROKEN = `Transform: AWS::Serverless-2016-10-31
Resources:
  One:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: node/
      Handler: index.handler
      Runtime: nodejs20.x
      AutoPublishAlias: live
      DeploymentPreference:
        Type: AllAtOnce
        Alarms: [!Ref OneErrors]
  Two:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: python/
      Handler: app.handler
      Runtime: python3.11
      AutoPublishAlias: live
  OneErrors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
`;

    async function refusedWithNothingChanged(template: string, message: RegExp): Promise<void> {
      writeFileSync(join(app, 'broken.yaml'), template);
      const run = await runGradual([
        'deploy',
        '--template',
        join(app, 'broken.yaml'),
        '--stack-name',
        'broken',
        '--endpoint',
        t.server.url,
        '--data-dir',
        t.dataDir,
      ]);
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^gradual deploy: the change set failed, nothing was changed: /);
      expect(run.stderr).toMatch(message);
      const functions = await t.lambda.send(new ListFunctionsCommand({}));
      expect(
        (functions.Functions ?? []).map((f) => f.FunctionName).filter((n) => n?.startsWith('broken-')),
      ).toEqual([]);
      const alarms = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'broken-' }));
      expect(alarms.MetricAlarms).toEqual([]);
    }

    it('a runtime gradual does not run, on the second function', () =>
      refusedWithNothingChanged(
        BROKEN.replace('Runtime: python3.11', 'Runtime: python3.99'),
        /Value python3.99 at 'runtime'/,
      ));

    it('a misspelt property: unknown to SAM, with the name meant', () =>
      refusedWithNothingChanged(
        BROKEN.replace('      Handler: app.handler', '      Handlr: app.handler'),
        /Handlr.*did you mean Handler\?/,
      ));

    it('a deployment config the server does not have', () =>
      refusedWithNothingChanged(
        BROKEN.replace('Type: AllAtOnce', 'Type: MyTeamsConfig'),
        /Resource OneDeploymentGroup \(DeploymentConfigName\): no deployment config MyTeamsConfig on the server/,
      ));

    it('a hook that is nowhere', () =>
      refusedWithNothingChanged(
        BROKEN.replace(
          '        Type: AllAtOnce\n',
          '        Type: AllAtOnce\n        Hooks: { PreTraffic: nowhere-hook }\n',
        ),
        /Resource OneAliaslive \(UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook\): function nowhere-hook is neither in this template nor on the server/,
      ));

    it('an alarm CloudWatch would refuse', () =>
      refusedWithNothingChanged(
        BROKEN.replace('Period: 60', 'Period: 45'),
        /resource OneErrors with message: Period must be 10, 20, 30 or a multiple of 60/,
      ));
  });
});

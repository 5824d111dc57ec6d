import { DescribeStacksCommand, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetAliasCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cfnClients, settled, twoFunctionTemplate } from '../support/cloudformation.js';
import { startGradual } from '../support/cli.js';
import { runGradual, type CliRun } from '../support/deploy-cli.js';
import { runDeploy } from '../../src/client/cli/deploy-client-side.js';
import { startTestServer, type TestServer } from '../support/server.js';

// `gradual deploy --cloudformation` on a two-function stack with local code: a bad template
// changes nothing; the first deploy creates without shifting; an update whose canary fails on
// its alarm rolls every function of the stack back.
let t: TestServer;
let c: ReturnType<typeof cfnClients>;
let cw: CloudWatchClient;
let root: string;

beforeAll(async () => {
  // 20x: B's five-minute canary takes 15 seconds, time for the CLI to show it live.
  t = await startTestServer({ timeScale: 20 });
  c = cfnClients({ url: t.server.url, credentials: t.credentials });
  cw = new CloudWatchClient({ endpoint: t.server.url, region: 'us-east-1', credentials: t.credentials });
  root = mkdtempSync(join(tmpdir(), 'gradual-deploy-cfn-'));
});
afterAll(async () => {
  c.destroy();
  cw.destroy();
  await t.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** An app folder: the two-function template with local code in a/ and b/. */
function app(name: string, version: string, edit: (template: string) => string = (x) => x): string {
  const dir = join(root, name);
  for (const fn of ['a', 'b']) {
    mkdirSync(join(dir, fn), { recursive: true });
    writeFileSync(
      join(dir, fn, 'index.js'),
      `exports.handler = async () => ({ version: '${fn}${version}' });\n`,
    );
  }
  writeFileSync(join(dir, 'template.yaml'), edit(twoFunctionTemplate('a/', 'b/')));
  return dir;
}

function deploy(dir: string, stack: string, engine = ['--cloudformation']): Promise<CliRun> {
  return runGradual(
    ['deploy', ...engine, '--stack-name', stack, '--endpoint', t.server.url, '--data-dir', t.dataDir],
    { cwd: dir },
  );
}

const alias = (fn: string) => t.lambda.send(new GetAliasCommand({ FunctionName: fn, Name: 'live' }));

async function functionNames(): Promise<string[]> {
  return ((await t.lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName!);
}

describe('gradual deploy --cloudformation', () => {
  it.each([
    [
      'a bad Runtime',
      'bad-runtime',
      (x: string) => x.replace('Runtime: nodejs20.x', 'Runtime: nodejs99.x'),
      /Value nodejs99.x at 'runtime'/,
    ],
    [
      'a bad DeploymentPreference type',
      'bad-type',
      (x: string) => x.replace('Type: Canary10Percent5Minutes', 'Type: Canary10Percent5Minute'),
      /Canary10Percent5Minute is not a SAM deployment type \(did you mean Canary10Percent5Minutes\?\)/,
    ],
    [
      'a deployment config the server does not have',
      'bad-config',
      (x: string) => x.replace('Type: AllAtOnce', 'Type: MyTeamsConfig'),
      /Resource ADeploymentGroup \(DeploymentConfigName\): no deployment config MyTeamsConfig on the server/,
    ],
    [
      'a hook that is nowhere',
      'bad-hook',
      (x: string) =>
        x.replace('Type: AllAtOnce\n', 'Type: AllAtOnce\n        Hooks: { PreTraffic: nowhere-hook }\n'),
      /Resource AAliaslive \(UpdatePolicy.CodeDeployLambdaAliasUpdate.BeforeAllowTrafficHook\): function nowhere-hook is neither in this template nor on the server/,
    ],
    [
      'an alarm Period CloudWatch refuses',
      'bad-period',
      (x: string) => x.replace('Period: 60', 'Period: 45'),
      /resource BErrors with message: Period must be 10, 20, 30 or a multiple of 60/,
    ],
  ])('%s fails the change set: nothing is created', async (_what, stack, edit, reason) => {
    const run = await deploy(app(stack, '1', edit), stack);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/the change set failed, nothing was changed: /);
    expect(run.stderr).toMatch(reason);
    expect(await functionNames()).toEqual([]);
    expect((await cw.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []).toEqual([]);
    // As with `aws cloudformation deploy`, the stack is left under review, with no resources.
    const s = (await c.cfn.send(new DescribeStacksCommand({ StackName: stack }))).Stacks![0]!;
    expect(s.StackStatus).toBe('REVIEW_IN_PROGRESS');
    expect(
      (await c.cfn.send(new DescribeStackResourcesCommand({ StackName: stack }))).StackResources,
    ).toEqual([]);
  });

  it('creates without shifting, then rolls every function back when a canary fails', async () => {
    const first = await deploy(app('pair', '1'), 'pair');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /code: Resources\.A\.Properties\.CodeUri -> s3:\/\/gradual-deploy-artifacts-\d+\/[0-9a-f]{64}\.zip/,
    );
    expect(first.stdout).toContain('change set: CREATE');
    expect(first.stdout).toContain('AAliaslive CREATE_COMPLETE');
    expect(first.stdout).not.toContain('Following');
    expect(first.stdout).toContain('Stack pair: CREATE_COMPLETE.');
    const outputs = new Map(
      ((await c.cfn.send(new DescribeStacksCommand({ StackName: 'pair' }))).Stacks![0]!.Outputs ?? []).map(
        (o) => [o.OutputKey!, o.OutputValue!],
      ),
    );
    const [a, b] = [outputs.get('A')!, outputs.get('B')!];
    expect((await alias(a)).FunctionVersion).toBe('1');

    // The same code again: nothing to do.
    const again = await deploy(app('pair', '1'), 'pair');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('already uploaded');
    expect(again.stdout).toContain('Stack pair: no changes.');

    // New code for both: A shifts at once, B's canary holds at 10% until its alarm fires.
    const update = startGradual([
      'deploy',
      '--cloudformation',
      '--template',
      join(app('pair', '2'), 'template.yaml'),
      '--stack-name',
      'pair',
      '--endpoint',
      t.server.url,
      '--data-dir',
      t.dataDir,
    ]);
    update.child.stdin!.end();
    // The progress view shows B's canary holding at 10%: then its alarm fires.
    // Indented as the stack's events are.
    await update.waitFor(new RegExp(`\n {2}${b}:live d-[A-Z0-9]+ .*10% of traffic`), 60_000);
    expect((await alias(b)).RoutingConfig?.AdditionalVersionWeights?.['2']).toBeGreaterThan(0);
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: 'pair-b-errors',
        StateValue: 'ALARM',
        StateReason: 'test: errors',
      }),
    );
    const run = await update.done;
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('change set: UPDATE');
    expect(run.stdout).toMatch(/Following \d deployment\(s\):/);
    expect(run.stdout).toMatch(/BAliaslive UPDATE_FAILED: CodeDeploy deployment d-[A-Z0-9]+ was stopped/);
    // The alarm's reason is said once in the closing lines: the failed alias update refers to it.
    expect(run.stdout).toMatch(/\nBAliaslive UPDATE_FAILED: deployment d-[A-Z0-9]+ Stopped\n/);
    expect(run.stdout).toMatch(
      new RegExp(
        `\n {2}See why: gradual deployments d-[A-Z0-9]+ \\(its decision log\\), gradual logs ${b}\n`,
      ),
    );
    expect(run.stdout).toContain(
      'Stack pair: UPDATE_ROLLBACK_COMPLETE: every resource of the stack was rolled back.',
    );
    expect((await alias(a)).FunctionVersion).toBe('1');
    const bAlias = await alias(b);
    expect(bAlias.FunctionVersion).toBe('1');
    expect(bAlias.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
  });

  it('a deploy while an earlier --no-wait one still runs changes nothing and says what to do', async () => {
    expect((await deploy(app('busy', '1'), 'busy')).code).toBe(0);
    const started = await deploy(app('busy', '2'), 'busy', ['--cloudformation', '--no-wait']);
    expect(started.code, started.stdout + started.stderr).toBe(0);
    expect(started.stdout).toContain(
      'Stack busy: change set executed (not waiting).\n  Follow it: gradual stacks busy --watch\n',
    );
    // B's canary holds the update for 15 s: the next deploy meets the stack busy.
    const second = await deploy(app('busy', '3'), 'busy');
    expect(second.code, second.stdout + second.stderr).toBe(1);
    expect(second.stdout).not.toContain('code:');
    expect(second.stderr).toContain(
      'gradual deploy: stack busy is UPDATE_IN_PROGRESS: an earlier deploy (or its rollback) is still running, so nothing was changed. Wait for it to end (follow it: gradual stacks busy --watch;',
    );
    // What the hints say to run: the stack, then its update followed to the end.
    const watch = await runGradual([
      'stacks',
      'busy',
      '--watch',
      '--endpoint',
      t.server.url,
      '--data-dir',
      t.dataDir,
    ]);
    expect(watch.code, watch.stdout + watch.stderr).toBe(0);
    expect(watch.stdout).toMatch(/^busy {2}UPDATE_IN_PROGRESS/);
    expect(watch.stdout).toContain('\nFollowing busy until it settles:\n');
    expect(watch.stdout).toMatch(/\n {2}Following \d deployment\(s\):\n/);
    expect(watch.stdout).toMatch(/\n {2}busy-B:live d-[A-Z0-9]+ /);
    expect(watch.stdout).toMatch(/\n {2}busy UPDATE_COMPLETE\n/);
    // Each event once: in the snapshot or followed, not both.
    for (const once of [/AAliaslive +UPDATE_IN_PROGRESS\n/g, /BAliaslive +UPDATE_IN_PROGRESS\n/g])
      expect(watch.stdout.match(once), watch.stdout).toHaveLength(1);
    expect(watch.stdout).toMatch(/\nStack busy: UPDATE_COMPLETE\.\n$/);
    expect(await settled(c.cfn, 'busy')).toBe('UPDATE_COMPLETE');
    expect((await alias('busy-B')).FunctionVersion).toBe('2');
  });

  it('a stack made by the client-side deployer is deployed as it was made, saying so', async () => {
    // Made the way `gradual deploy` did before it went through CloudFormation: the client-side
    // deployer, in this process.
    const before = await runDeploy(
      { endpoint: t.server.url, region: 'us-east-1', credentials: t.credentials },
      {
        template: join(app('older', '1'), 'template.yaml'),
        stackName: 'older',
        parameterOverrides: [],
        wait: true,
        accountId: '000000000000',
      },
      () => undefined,
    );
    expect(before.outcome.functions.map((f) => f.action)).toEqual(['created', 'created']);
    const made = (await functionNames()).filter((n) => n.startsWith('older-'));
    expect(made.sort()).toEqual(['older-A', 'older-B']);
    const run = await deploy(app('older', '2'), 'older');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Stack older was deployed by an earlier gradual deploy, function by function (older-A, older-B carry its gradual:stack tag)',
    );
    // The client-side deployer's own lines: B's new version goes out by its canary.
    expect(run.stdout).toMatch(/deployment d-[A-Z0-9]+: older-B 1 -> 2 \(Canary10Percent5Minutes\)/);
    expect(run.stdout).toContain('Stack older: deployed.');
    expect((await alias('older-A')).FunctionVersion).toBe('2');
    expect((await alias('older-B')).FunctionVersion).toBe('2');
    // No CloudFormation stack was made for it.
    await expect(c.cfn.send(new DescribeStacksCommand({ StackName: 'older' }))).rejects.toThrow(
      /does not exist/,
    );
  });
});

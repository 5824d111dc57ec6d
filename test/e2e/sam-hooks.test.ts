import { GetDeploymentCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasOf, codeDeployClient } from '../support/codedeploy.js';
import { copyExample, runGradual, type CliRun } from '../support/deploy-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Seed 000's template (examples/seed-000-sam): hooks from the template, through the CLI. */
let t: TestServer;
let cd: CodeDeployClient;
let app: string;

beforeAll(async () => {
  t = await startTestServer({ timeScale: 120 });
  cd = codeDeployClient(t);
  app = copyExample('seed-000-sam');
});
afterAll(async () => {
  cd.destroy();
  await t.dispose();
  rmSync(dirname(app), { recursive: true, force: true });
});

function deploy(...extra: string[]): Promise<CliRun> {
  return runGradual(
    ['deploy', '--stack-name', 'seed', '--endpoint', t.server.url, '--data-dir', t.dataDir, ...extra],
    { cwd: app },
  );
}

function changeCode(version: string): void {
  const file = join(app, 'src/index.js');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(/const VERSION = '\w+'/, `const VERSION = '${version}'`),
  );
}

const FN = 'seed-MyLambdaFunction';

describe('gradual deploy (seed 000: PreTraffic and PostTraffic hooks)', () => {
  it('Given the seed template, the hooks run around a canary that succeeds', async () => {
    const first = await deploy();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('PreTrafficLambdaFunction CREATE_COMPLETE');
    expect(first.stdout).toContain('MyLambdaFunctionAliaslive CREATE_COMPLETE');
    expect(await aliasOf(t.lambda, FN)).toEqual({ version: '1', weights: undefined });
    changeCode('second');
    const run = await deploy();
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith(`  ${FN}:live d-`));
    const order = [
      'BeforeAllowTraffic: invoking CodeDeployHook_seed_PreTraffic',
      'reported Succeeded',
      '10% of traffic',
      '100% of traffic',
      'AfterAllowTraffic: invoking CodeDeployHook_seed_PostTraffic',
      'succeeded: All traffic is on the new version.',
    ];
    let at = -1;
    for (const text of order) {
      const next = lines.findIndex((l, i) => i > at && l.includes(text));
      expect(next, `"${text}" after line ${at} of\n${lines.join('\n')}`).toBeGreaterThan(at);
      at = next;
    }
    expect(await aliasOf(t.lambda, FN)).toEqual({ version: '2', weights: undefined });
  });

  it('Given a PreTraffic hook that reports Failed, the deployment fails before any traffic moves', async () => {
    changeCode('third');
    const run = await deploy('--parameter-overrides', 'PreTrafficVerdict=Failed');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('PreTrafficLambdaFunction UPDATE_COMPLETE');
    expect(run.stdout).not.toContain('% of traffic on version 3');
    expect(run.stdout).toMatch(
      new RegExp(`${FN}: deployment d-\\w+ Failed:\\n  The BeforeAllowTraffic hook`),
    );
    expect(run.stdout).toContain(
      'Stack seed: UPDATE_ROLLBACK_COMPLETE: every resource of the stack was rolled back.',
    );
    expect(await aliasOf(t.lambda, FN)).toEqual({ version: '2', weights: undefined });
    const id = new RegExp(`${FN}:live (d-\\w+) started: Shifting ${FN}:live from version 2 to 3`).exec(
      run.stdout,
    )![1]!;
    const info = (await cd.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;
    expect(info.status).toBe('Failed');
    expect(info.errorInformation?.message).toMatch(/BeforeAllowTraffic/);
  });
});

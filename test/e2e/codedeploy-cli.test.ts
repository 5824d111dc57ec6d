import { waitUntilDeploymentSuccessful } from '@aws-sdk/client-codedeploy';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  functionWithVersions,
} from '../support/codedeploy.js';
import { launcherOf } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

const exec = promisify(execFile);
/** execFile of the CLI a test names, through its launcher in the test run (support/aws-cli.ts). */
const run = (bin: string, args: string[], options: { env: NodeJS.ProcessEnv }) =>
  exec(launcherOf(bin), args, { ...options, encoding: 'utf8' });
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.dispose();
});

/** The AWS CLI as a user runs it: v1 on PATH, or Debian's v2 at /usr/bin/aws. */
async function aws(cli: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(cli, ['--endpoint-url', t.server.url, ...args, '--output', 'json'], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
  });
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

const CLIS = ['aws', ...(existsSync('/usr/bin/aws') ? ['/usr/bin/aws'] : [])];

describe('CodeDeploy with the AWS CLI and the SDK waiter', () => {
  it.each(CLIS)('%s: application, group, deployment, status, target', async (cli) => {
    const fn = `cli-${CLIS.indexOf(cli)}`;
    await functionWithVersions(t.lambda, fn);
    const app = `${fn}-app`;
    await aws(cli, 'deploy', 'create-application', '--application-name', app, '--compute-platform', 'Lambda');
    await aws(
      cli,
      'deploy',
      'create-deployment-group',
      '--application-name',
      app,
      '--deployment-group-name',
      'g',
      '--service-role-arn',
      'arn:aws:iam::000000000000:role/cd',
      '--deployment-config-name',
      'CodeDeployDefault.LambdaAllAtOnce',
      '--deployment-style',
      'deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL',
    );
    const revision = JSON.stringify({
      revisionType: 'AppSpecContent',
      appSpecContent: { content: appSpec(fn, '1', '2') },
    });
    const created = await aws(
      cli,
      'deploy',
      'create-deployment',
      '--application-name',
      app,
      '--deployment-group-name',
      'g',
      '--revision',
      revision,
    );
    const id = created['deploymentId'] as string;
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    let info: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) {
      info = (await aws(cli, 'deploy', 'get-deployment', '--deployment-id', id))['deploymentInfo'] as Record<
        string,
        unknown
      >;
      if (info['status'] === 'Succeeded') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(info).toMatchObject({
      status: 'Succeeded',
      deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
      computePlatform: 'Lambda',
    });
    const target = await aws(
      cli,
      'deploy',
      'get-deployment-target',
      '--deployment-id',
      id,
      '--target-id',
      `${fn}:live`,
    );
    expect(target).toMatchObject({
      deploymentTarget: { deploymentTargetType: 'LambdaTarget', lambdaTarget: { status: 'Succeeded' } },
    });
    expect(await aliasOf(t.lambda, fn)).toEqual({ version: '2', weights: undefined });
    const missing = await aws(cli, 'deploy', 'get-deployment', '--deployment-id', 'd-NOTHERE00').then(
      () => 'no error',
      (e: { stderr: string }) => e.stderr,
    );
    expect(missing).toMatch(/DeploymentDoesNotExistException/);
  });

  it('waitUntilDeploymentSuccessful completes', async () => {
    const cd = codeDeployClient(t);
    await functionWithVersions(t.lambda, 'waited');
    await createGroup(cd, 'waited-app', 'g');
    const id = await deploy(cd, 'waited-app', 'g', appSpec('waited', '1', '2'));
    const result = await waitUntilDeploymentSuccessful(
      { client: cd, maxWaitTime: 30, minDelay: 1 },
      { deploymentId: id },
    );
    expect(result.state).toBe('SUCCESS');
    cd.destroy();
  });
});

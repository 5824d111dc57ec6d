import { CodeDeployClient, type DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/server/deployments/model.js';
import {
  aliasOf,
  appSpec,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { buildZip } from '../../src/common/zip-writer.js';
import { ROLE } from '../support/functions.js';
import { waitUntil } from '../support/lambda.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { tempDir } from '../support/server.js';

/** Time runs 600x: Linear10PercentEvery1Minute's nine minutes of waits take about 0.9 s. */
const SCALE = ['--time-scale', '600'];

function clients(server: ServerProcess): { lambda: LambdaClient; cd: CodeDeployClient } {
  const config = {
    endpoint: server.url,
    region: 'us-east-1',
    credentials: server.credentials,
    maxAttempts: 1,
  };
  return { lambda: new LambdaClient(config), cd: new CodeDeployClient(config) };
}

async function waitFinished(cd: CodeDeployClient, id: string): Promise<DeploymentInfo> {
  for (let i = 0; i < 300; i++) {
    const d = await deploymentOf(cd, id);
    if (d.status === 'Succeeded' || d.status === 'Failed' || d.status === 'Stopped') return d;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`deployment ${id} did not finish`);
}

function storedLog(dataDir: string, id: string): Deployment['log'] {
  const db = new Database(join(dataDir, 'gradual.db'), { readonly: true });
  const row = db.prepare('SELECT data FROM cd_deployments WHERE id = ?').get(id) as { data: string };
  db.close();
  return (JSON.parse(row.data) as Deployment).log;
}

describe('kill -9 during a deployment', () => {
  it.each([100, 350, 600])(
    'killed %i ms after it starts, it resumes and ends as an uninterrupted run does',
    async (killAfter) => {
      const dataDir = tempDir('gradual-deploy-crash-');
      let server = await spawnServer(dataDir, SCALE);
      let { lambda, cd } = clients(server);
      await functionWithVersions(lambda, 'fn');
      await createGroup(cd, 'app', 'g', {
        deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      });
      const id = await deploy(cd, 'app', 'g', appSpec('fn', '1', '2'));
      await new Promise((r) => setTimeout(r, killAfter));
      await server.stop('SIGKILL');
      lambda.destroy();
      cd.destroy();
      const atKill = storedLog(dataDir, id).filter((e) => e.event === 'shifted').length;
      expect(atKill, 'the kill should land mid-deployment').toBeLessThan(10);

      server = await spawnServer(dataDir, SCALE);
      ({ lambda, cd } = clients(server));
      const done = await waitFinished(cd, id);
      expect(done.status).toBe('Succeeded');
      expect(await aliasOf(lambda, 'fn')).toEqual({ version: '2', weights: undefined });
      await server.stop();
      lambda.destroy();
      cd.destroy();

      // Never shifted twice: each weight of the schedule was applied exactly once, in order.
      const shifted = storedLog(dataDir, id)
        .filter((e) => e.event === 'shifted')
        .map((e) => e.weight);
      expect(shifted).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  );

  it('killed while a hook runs, the hook runs again after the restart and the deployment completes', async () => {
    const dataDir = tempDir('gradual-deploy-crash-');
    let server = await spawnServer(dataDir);
    let { lambda, cd } = clients(server);
    await functionWithVersions(lambda, 'fn');
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'slow-hook',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Timeout: 30,
        Code: { ZipFile: await buildZip({ 'index.js': SLOW_HOOK }) },
      }),
    );
    await waitUntil(lambda, 'slow-hook', (c) => c.State === 'Active');
    await createGroup(cd, 'app', 'g');
    const id = await deploy(cd, 'app', 'g', appSpec('fn', '1', '2', { BeforeAllowTraffic: 'slow-hook' }));
    await new Promise((r) => setTimeout(r, 800)); // the hook is sleeping before it reports
    expect((await deploymentOf(cd, id)).status).toBe('InProgress');
    await server.stop('SIGKILL');
    lambda.destroy();
    cd.destroy();

    server = await spawnServer(dataDir);
    ({ lambda, cd } = clients(server));
    const done = await waitFinished(cd, id);
    expect(done.status).toBe('Succeeded');
    expect(await aliasOf(lambda, 'fn')).toEqual({ version: '2', weights: undefined });
    await server.stop();
    lambda.destroy();
    cd.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

/** A hook that takes two seconds before it reports Succeeded. */
const SLOW_HOOK = `const { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } = require('@aws-sdk/client-codedeploy');
exports.handler = async (event) => {
  await new Promise((r) => setTimeout(r, 2000));
  await new CodeDeployClient({}).send(new PutLifecycleEventHookExecutionStatusCommand({
    deploymentId: event.DeploymentId,
    lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
    status: 'Succeeded',
  }));
};
`;

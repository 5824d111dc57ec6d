import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, VirtualClock } from '../../src/common/clock.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { startTestServer, type TestServer } from '../support/server.js';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';

let t: TestServer;
let cd: CodeDeployClient;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  cd = codeDeployClient(t);
});
afterAll(async () => {
  cd.destroy();
  await t.dispose();
});

async function settle(): Promise<void> {
  await t.server.engine.idle();
}

describe('a canary deployment on virtual time', () => {
  it('Given a 10%/5 min canary, the alias carries 10% for five minutes, then all traffic', async () => {
    await functionWithVersions(t.lambda, 'canary');
    await createGroup(cd, 'app', 'canary-group', {
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    });
    const id = await deploy(cd, 'app', 'canary-group', appSpec('canary', '1', '2'));
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    await settle();
    expect(await aliasOf(t.lambda, 'canary')).toEqual({ version: '1', weights: { '2': 0.1 } });
    expect((await deploymentOf(cd, id)).status).toBe('InProgress');
    await clock.advance(5 * MINUTE - 1000);
    await settle();
    expect(await aliasOf(t.lambda, 'canary')).toEqual({ version: '1', weights: { '2': 0.1 } });
    await clock.advance(1000);
    await settle();
    expect(await aliasOf(t.lambda, 'canary')).toEqual({ version: '2', weights: undefined });
    const done = await deploymentOf(cd, id);
    expect(done).toMatchObject({
      status: 'Succeeded',
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      creator: 'user',
    });
    expect(done.completeTime!.getTime() - done.startTime!.getTime()).toBe(5 * MINUTE);
  });
});

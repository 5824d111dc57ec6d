import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CreateFunctionUrlConfigCommand, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { Agent } from 'node:http';
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
import { gatewayRequest, pathStyle } from '../support/gateway.js';
import { startTestServer, type TestServer } from '../support/server.js';

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

/** Steady traffic: `workers` loops over keep-alive connections until stopped; every answer is checked. */
function steadyTraffic(url: string, workers: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const failures: string[] = [];
  const versions: Record<string, number> = {};
  let ok = 0;
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      try {
        const reply = await gatewayRequest(url, { agent });
        const version = String(reply.headers['x-gradual-executed-version']);
        if (reply.status !== 200) failures.push(`${reply.status} ${reply.text}`);
        else {
          ok += 1;
          versions[version] = (versions[version] ?? 0) + 1;
        }
      } catch (error) {
        failures.push(String(error));
      }
    }
  });
  return {
    answered: () => ok + failures.length,
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return { ok, failures, versions };
    },
  };
}

describe('zero dropped requests through the gateway', () => {
  it('drops nothing while an alias flips 100 times and a linear deployment shifts it', async () => {
    await functionWithVersions(t.lambda, 'steady');
    const created = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'steady', Qualifier: 'live', AuthType: 'NONE' }),
    );
    const traffic = steadyTraffic(`${pathStyle(t.server.gateway.url, created.FunctionUrl!)}/`, 6);

    // 100 flips, some of them splits, through the Lambda API as a user's script would.
    for (let i = 0; i < 100; i++) {
      const version = i % 2 === 0 ? '2' : '1';
      const split = i % 3 === 0 ? { AdditionalVersionWeights: { [version === '1' ? '2' : '1']: 0.5 } } : {};
      await t.lambda.send(
        new UpdateAliasCommand({
          FunctionName: 'steady',
          Name: 'live',
          FunctionVersion: version,
          RoutingConfig: split,
        }),
      );
    }
    await t.lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'steady',
        Name: 'live',
        FunctionVersion: '1',
        RoutingConfig: {},
      }),
    );
    const duringFlips = traffic.answered();
    expect(duringFlips).toBeGreaterThan(0);

    // Then a CodeDeploy linear shift, 10% a (virtual) minute, to the end.
    await createGroup(cd, 'app', 'steady-group', {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });
    const id = await deploy(cd, 'app', 'steady-group', appSpec('steady', '1', '2'));
    await t.server.engine.idle();
    for (let step = 0; step < 10; step++) {
      await new Promise((r) => setTimeout(r, 30)); // let traffic see each split
      await clock.advance(MINUTE);
      await t.server.engine.idle();
    }
    expect((await deploymentOf(cd, id)).status).toBe('Succeeded');
    expect(await aliasOf(t.lambda, 'steady')).toEqual({ version: '2', weights: undefined });
    expect(traffic.answered()).toBeGreaterThan(duringFlips);
    // Enough requests to mean something, however fast the flips and the deployment went (their
    // length, not the traffic's rate, decides how many fit in them).
    while (traffic.answered() < 200) await new Promise((r) => setTimeout(r, 50));

    const { ok, failures, versions } = await traffic.stop();
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThanOrEqual(200);
    expect(Object.keys(versions).sort()).toEqual(['1', '2']);
    // Every environment went back to the pool.
    expect(t.server.runtime.pool.stats().busy).toBe(0);
    expect(t.server.gateway.inFlight()).toBe(0);
  });
});

/**
 * Failover: a deployment of LambdaLinear10PercentEvery1Minute on the scaled clock, its driving
 * node (the lease holder) killed with SIGKILL after two shifts; the time until another node applies
 * the next shift. Next to it, the real time between two shifts while the driver lives (what a step
 * waits anyway). A killed node is replaced before the next round.
 */
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  appSpec,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../../test/support/codedeploy.js';
import { ensureTestRoles } from '../../test/support/iam.js';
import { clientConfig, fmt } from '../invoke-harness.js';
import { leaseHolder, storedLog } from '../../test/support/cluster-db.js';
import { until } from '../../test/support/until.js';
import { load, out, spread, startNode, type Node } from './harness.js';

async function shifts(databaseUrl: string, id: string) {
  return (await storedLog(databaseUrl, id)).filter((e) => e.event === 'shifted');
}

export async function failover(databaseUrl: string, rounds: number, timeScale: number): Promise<number> {
  const args = ['--time-scale', String(timeScale)];
  const nodes: Node[] = [await startNode(databaseUrl, args)];
  nodes.push(await startNode(databaseUrl, args));
  const clients = (node: Node) => ({
    cd: new CodeDeployClient(clientConfig(node.url)),
    lambda: new LambdaClient(clientConfig(node.url)),
  });
  const times: number[] = [];
  const gaps: number[] = [];
  try {
    await ensureTestRoles(clientConfig(nodes[0]!.url));
    const first = clients(nodes[0]!);
    await functionWithVersions(first.lambda, 'fo');
    await createGroup(first.cd, 'app', 'g', {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });
    first.cd.destroy();
    first.lambda.destroy();
    out(
      `failover: SIGKILL of the deployment's driver after two shifts -> the next shift applied by another node (--time-scale ${timeScale}: a step every ${fmt(60_000 / timeScale, 0)} ms)`,
    );
    for (let r = 0; r < rounds; r++) {
      const [from, to] = r % 2 ? ['2', '1'] : ['1', '2'];
      const c = clients(nodes[0]!);
      const id = await deploy(c.cd, 'app', 'g', appSpec('fo', from, to));
      await until('two shifts', async () => (await shifts(databaseUrl, id)).length >= 2, 30_000);
      const driver = await until('a driver', () => leaseHolder(databaseUrl, `deployment:${id}`));
      const victim = nodes.find((n) => n.url === driver);
      if (!victim) throw new Error(`the driver ${driver} is not a node of the bench`);
      const before = (await shifts(databaseUrl, id)).length;
      const killed = performance.now();
      await victim.kill();
      const took = await until(
        'the next shift',
        async () => (await shifts(databaseUrl, id)).length > before && performance.now() - killed,
        30_000,
        5,
      );
      times.push(took);
      nodes.splice(nodes.indexOf(victim), 1);
      const survivor = clients(nodes[0]!);
      const done = await until(
        'finished',
        async () => {
          const d = await deploymentOf(survivor.cd, id);
          return d.status !== 'InProgress' && d.status !== 'Created' && d.status !== 'Queued' && d;
        },
        60_000,
        50,
      );
      const weights = (await shifts(databaseUrl, id)).map((e) => e.weight);
      const once = weights.join() === '10,20,30,40,50,60,70,80,90,100';
      const log = await shifts(databaseUrl, id);
      for (let i = 1; i < before; i++) gaps.push((log[i]!.at - log[i - 1]!.at) / timeScale);
      out(
        `  round ${r + 1}: next shift ${fmt(took, 0)} ms after the kill; deployment ${done.status}, shifts ${once ? 'each once, in order' : `WRONG: ${weights.join()}`} (load ${load()})`,
      );
      for (const client of [c, survivor]) {
        client.cd.destroy();
        client.lambda.destroy();
      }
      nodes.push(await startNode(databaseUrl, args));
    }
    out(`  kill -> next shift    ${spread(times).text}   (goal <= 5000 ms)`);
    out(`  shift -> next shift   ${spread(gaps).text} with the driver alive (baseline: a step's own wait)`);
    return Math.max(...times);
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
  }
}

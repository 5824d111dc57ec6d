import {
  BatchGetDeploymentsCommand,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip } from '../../src/common/zip-writer.js';
import { percentile } from '../stats.js';
import { clients, ensureBenchRole, pooled, ROLE } from './clients.js';
import { mb, startServerProcess } from './server-process.js';

const CONFIG = 'CodeDeployDefault.LambdaCanary10Percent5Minutes';

async function active(lambda: LambdaClient, name: string): Promise<void> {
  for (;;) {
    const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (c.State === 'Active' && c.LastUpdateStatus === 'Successful') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function appSpec(fn: string): string {
  return [
    'version: 0.0',
    'Resources:',
    `  - ${fn}:`,
    '      Type: AWS::Lambda::Function',
    '      Properties:',
    `        Name: "${fn}"`,
    '        Alias: "live"',
    '        CurrentVersion: "1"',
    '        TargetVersion: "2"',
    '',
  ].join('\n');
}

/**
 * N CreateDeployment calls at once (a canary of 5 minutes, 5 s at --time-scale 60), each on its
 * own connection: how fast they are accepted, how many fail, when all have finished, and whether
 * any alias was left behind.
 */
export async function deploymentsPhase(levels: readonly number[], timeScale: number): Promise<void> {
  console.log(
    `\nConcurrent deployments (${CONFIG}, --time-scale ${timeScale}: ${(300 / timeScale).toFixed(1)} s of bake)`,
  );
  console.log(
    `${'at once'.padStart(8)} ${'accepted in'.padStart(12)} ${'per second'.padStart(11)} ${'call p50/p99 ms'.padStart(16)} ${'failed'.padStart(7)} ${'all done in'.padStart(12)} ${'succeeded'.padStart(10)} ${'stranded'.padStart(9)} ${'RSS'.padStart(9)}`,
  );
  const zipA = await buildZip({ 'index.js': 'exports.handler = async () => 1;\n' });
  const zipB = await buildZip({ 'index.js': 'exports.handler = async () => 2;\n' });
  for (const level of levels) {
    const dataDir = mkdtempSync(join(tmpdir(), 'gradual-scale-deploy-'));
    const server = await startServerProcess(dataDir, ['--time-scale', String(timeScale)]);
    await ensureBenchRole(server);
    const setup = clients(server, 16);
    const names = Array.from({ length: level }, (_, i) => `dep-${String(i).padStart(4, '0')}`);
    await setup.codedeploy.send(
      new CreateApplicationCommand({ applicationName: 'scale', computePlatform: 'Lambda' }),
    );
    await pooled(names, 16, async (name) => {
      const base = { Runtime: 'nodejs20.x' as const, Role: ROLE, Handler: 'index.handler' };
      await setup.lambda.send(
        new CreateFunctionCommand({ ...base, FunctionName: name, Code: { ZipFile: zipA }, Publish: true }),
      );
      await active(setup.lambda, name);
      await setup.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipB, Publish: true }),
      );
      await setup.lambda.send(
        new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }),
      );
      await setup.codedeploy.send(
        new CreateDeploymentGroupCommand({
          applicationName: 'scale',
          deploymentGroupName: name,
          serviceRoleArn: 'arn:aws:iam::000000000000:role/codedeploy',
          deploymentConfigName: CONFIG,
          deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        }),
      );
    });

    // Every call at once, each on its own connection.
    const burst = clients(server, level + 8);
    const latencies: number[] = [];
    const ids: string[] = [];
    const failures: string[] = [];
    const cpuBefore = server.cpuMs();
    const clientBefore = process.cpuUsage();
    const start = performance.now();
    await Promise.all(
      names.map(async (name) => {
        const t0 = performance.now();
        try {
          const { deploymentId } = await burst.codedeploy.send(
            new CreateDeploymentCommand({
              applicationName: 'scale',
              deploymentGroupName: name,
              revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appSpec(name) } },
            }),
          );
          ids.push(deploymentId!);
        } catch (error) {
          failures.push(`${name}: ${(error as Error).name} ${(error as Error).message}`);
        }
        latencies.push(performance.now() - t0);
      }),
    );
    const acceptedMs = performance.now() - start;
    const acceptCpu = server.cpuMs() - cpuBefore;
    const client = process.cpuUsage(clientBefore);
    const clientCpu = (client.user + client.system) / 1000;
    // Fresh connections from here: the server closes ones idle for 5 s (Node's keep-alive timeout),
    // and the setup's sat idle through the burst; one reused as it closes is reset (ECONNRESET).
    setup.destroy();
    const poll = clients(server, 16);

    let succeeded: number;
    for (;;) {
      let pending = 0;
      succeeded = 0;
      for (let i = 0; i < ids.length; i += 100) {
        const { deploymentsInfo = [] } = await poll.codedeploy.send(
          new BatchGetDeploymentsCommand({ deploymentIds: ids.slice(i, i + 100) }),
        );
        for (const d of deploymentsInfo) {
          if (d.status === 'Succeeded') succeeded += 1;
          else if (d.status !== 'Failed' && d.status !== 'Stopped') pending += 1;
        }
      }
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const doneMs = performance.now() - start;
    const doneCpu = server.cpuMs() - cpuBefore;
    let stranded = 0;
    await pooled(names, 16, async (name) => {
      const alias = await poll.lambda.send(new GetAliasCommand({ FunctionName: name, Name: 'live' }));
      if (alias.FunctionVersion !== '2' || alias.RoutingConfig?.AdditionalVersionWeights) stranded += 1;
    });
    console.log(
      `${String(level).padStart(8)} ${`${(acceptedMs / 1000).toFixed(2)} s`.padStart(12)} ${(level / (acceptedMs / 1000)).toFixed(0).padStart(11)} ${`${percentile(latencies, 50).toFixed(0)}/${percentile(latencies, 99).toFixed(0)}`.padStart(16)} ${String(failures.length).padStart(7)} ${`${(doneMs / 1000).toFixed(1)} s`.padStart(12)} ${String(succeeded).padStart(10)} ${String(stranded).padStart(9)} ${mb(server.rssBytes()).padStart(9)}`,
    );
    console.log(
      `${''.padStart(8)} server CPU: ${(acceptCpu / level).toFixed(2)} ms per deployment while accepting, ${(doneCpu / level).toFixed(2)} ms per deployment in all; the benchmark's own client ${(clientCpu / level).toFixed(2)} ms per call while accepting; load average ${loadavg()[0]!.toFixed(1)}`,
    );
    for (const failure of failures.slice(0, 3)) console.log(`  failed: ${failure}`);
    burst.destroy();
    poll.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Cold start next to a bare `node -e 0`, and memory per warm environment next to a bare node process. */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { spawn, spawnSync } from 'node:child_process';
import {
  PAYLOAD,
  processTree,
  createFunction,
  fmt,
  median,
  treeMemory,
  type Server,
} from './invoke-harness.js';

export async function coldAndMemory(
  lambda: LambdaClient,
  gradualPid: number,
  bare: Server,
): Promise<string[]> {
  // Cold starts: the first invocation of new functions, end to end and as Init Duration.
  const cold: number[] = [];
  const init: number[] = [];
  for (let i = 0; i < 5; i++) {
    await createFunction(lambda, `cold-${i}`);
    const started = performance.now();
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: `cold-${i}`, LogType: 'Tail', Payload: Buffer.from(PAYLOAD) }),
    );
    cold.push(performance.now() - started);
    const log = Buffer.from(out.LogResult ?? '', 'base64').toString();
    init.push(Number(/Init Duration: ([\d.]+) ms/.exec(log)?.[1] ?? NaN));
  }
  const bareStart: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bareStart.push(performance.now() - started);
  }

  // Memory: a warm environment (its bwrap monitor, init and node) next to a bare idle node process.
  const tree = processTree();
  const envs = (tree.get(gradualPid) ?? [])
    .map((pid) => treeMemory(pid, tree))
    .filter((m) => m.rssKb > 20_000); // environments, not helper processes (esbuild)
  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const bareIdle = treeMemory(idle.pid!);
  idle.kill();
  const bareServer = treeMemory(bare.child.pid!);
  const mb = (kb: number): string => fmt(kb / 1024, 1).padStart(8);
  return [
    `cold start, first invoke end to end (median of 5): ${fmt(median(cold), 1)} ms; Init Duration ${fmt(median(init), 1)} ms`,
    `bare \`node -e 0\` start to exit (median of 5):        ${fmt(median(bareStart), 1)} ms   -> cold start is +${fmt(median(cold) - median(bareStart), 1)} ms`,
    '',
    'memory (median over environments)          RSS     private',
    `warm environment, sandbox included  ${mb(median(envs.map((m) => m.rssKb)))} MB ${mb(median(envs.map((m) => m.privateKb)))} MB   (${envs.length} environments)`,
    `bare idle node process              ${mb(bareIdle.rssKb)} MB ${mb(bareIdle.privateKb)} MB`,
    `bare node server after the load     ${mb(bareServer.rssKb)} MB ${mb(bareServer.privateKb)} MB`,
  ];
}

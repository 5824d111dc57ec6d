import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  UpdateAliasCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip } from '../../src/common/zip-writer.js';
import { percentile } from '../stats.js';
import { clients, ensureBenchRole, pooled, ROLE } from './clients.js';
import { mb, startServerProcess } from './server-process.js';

const SAMPLES = 40;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function create(lambda: LambdaClient, name: string, zip: Buffer, publish = false): Promise<unknown> {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip },
      Publish: publish,
    }),
  );
}

const fmt = (values: number[]): string =>
  `${percentile(values, 50).toFixed(1)} / ${percentile(values, 99).toFixed(1)}`;

/**
 * Control-plane latency (p50 / p99 ms of 40 sequential calls each) and the server's RSS with 10,
 * 100, 1,000 and 5,000 functions.
 */
export async function functionsPhase(levels: readonly number[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-scale-functions-'));
  const server = await startServerProcess(dataDir);
  await ensureBenchRole(server);
  const sdk = clients(server, 16);
  const { lambda } = sdk;
  const zip = await buildZip({ 'index.js': 'exports.handler = async () => "ok";\n' });
  await create(lambda, 'aliased', zip, true);
  await lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }));
  console.log('\nControl plane with N functions (p50 / p99 ms of 40 calls each; RSS of the server process)');
  console.log(
    `${'functions'.padStart(9)} ${'create/s'.padStart(9)} ${'CreateFunction'.padStart(15)} ${'GetFunction'.padStart(13)} ${'UpdateAlias'.padStart(13)} ${'ListFunctions'.padStart(14)} ${'RSS'.padStart(9)} ${'data dir'.padStart(9)} ${'load'.padStart(5)}`,
  );
  // Warm-up (JIT, connections), not measured.
  for (let i = 0; i < 20; i++) {
    await create(lambda, `warmup-${i}`, zip);
    await lambda.send(new GetFunctionCommand({ FunctionName: `warmup-${i}` }));
    await lambda.send(new ListFunctionsCommand({ MaxItems: 50 }));
  }
  let existing = 0;
  for (const level of levels) {
    const names = Array.from(
      { length: level - existing },
      (_, i) => `f-${String(existing + i).padStart(5, '0')}`,
    );
    const started = performance.now();
    await pooled(names, 8, async (name) => {
      await create(lambda, name, zip);
    });
    const rate = names.length / ((performance.now() - started) / 1000);
    existing = level;
    const samples = {
      create: [] as number[],
      get: [] as number[],
      alias: [] as number[],
      list: [] as number[],
    };
    for (let i = 0; i < SAMPLES; i++) {
      samples.create.push(await timed(() => create(lambda, `probe-${level}-${i}`, zip)));
      const some = `f-${String(Math.floor((i * 7919) % level)).padStart(5, '0')}`;
      samples.get.push(await timed(() => lambda.send(new GetFunctionCommand({ FunctionName: some }))));
      samples.alias.push(
        await timed(() =>
          lambda.send(
            new UpdateAliasCommand({ FunctionName: 'aliased', Name: 'live', Description: `sample ${i}` }),
          ),
        ),
      );
      samples.list.push(await timed(() => lambda.send(new ListFunctionsCommand({ MaxItems: 50 }))));
    }
    console.log(
      `${String(level).padStart(9)} ${rate.toFixed(0).padStart(9)} ${fmt(samples.create).padStart(15)} ${fmt(samples.get).padStart(13)} ${fmt(samples.alias).padStart(13)} ${fmt(samples.list).padStart(14)} ${mb(server.rssBytes()).padStart(9)} ${mb(server.dataDirBytes()).padStart(9)} ${loadavg()[0]!.toFixed(1).padStart(5)}`,
    );
  }
  sdk.destroy();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

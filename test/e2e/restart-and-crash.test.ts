import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeZip, ROLE } from '../support/functions.js';
import { createActiveFunction, waitUntil } from '../support/lambda.js';
import { spawnServer } from '../support/process.js';
import { startTestServer, tempDir } from '../support/server.js';

describe('restart', () => {
  it('finds everything intact on the same data dir', async () => {
    let t = await startTestServer();
    await createActiveFunction(t.lambda, 'keep', { Environment: { Variables: { KEY: '1' } } });
    const v1 = await t.lambda.send(new PublishVersionCommand({ FunctionName: 'keep', Description: 'one' }));
    await t.lambda.send(new CreateAliasCommand({ FunctionName: 'keep', Name: 'live', FunctionVersion: '1' }));
    await t.lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'keep',
        Name: 'live',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: {} },
      }),
    );
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'keep', ReservedConcurrentExecutions: 5 }),
    );
    await t.lambda.send(
      new TagResourceCommand({ Resource: v1.FunctionArn!.replace(/:1$/, ''), Tags: { t: 'v' } }),
    );
    const before = await t.lambda.send(new GetFunctionCommand({ FunctionName: 'keep' }));
    const alias = await t.lambda.send(new GetAliasCommand({ FunctionName: 'keep', Name: 'live' }));
    const credentials = t.credentials;

    t = await t.restart();
    expect(t.credentials.accessKeyId).toBe(credentials.accessKeyId);
    expect(t.credentials.secretAccessKey).toBe(credentials.secretAccessKey);
    const after = await t.lambda.send(new GetFunctionCommand({ FunctionName: 'keep' }));
    expect(after.Configuration).toEqual(before.Configuration);
    expect(after.Tags).toEqual({ t: 'v' });
    expect(after.Concurrency).toEqual({ ReservedConcurrentExecutions: 5 });
    expect(
      (await t.lambda.send(new GetAliasCommand({ FunctionName: 'keep', Name: 'live' }))).RevisionId,
    ).toBe(alias.RevisionId);
    const download = await fetch(after.Code!.Location!);
    expect(Buffer.from(await download.arrayBuffer()).equals(await nodeZip({ name: 'keep' }))).toBe(true);
    const republished = await t.lambda.send(new PublishVersionCommand({ FunctionName: 'keep' }));
    expect(republished.Version).toBe('1');
    await t.dispose();
  });
});

describe('kill -9', () => {
  it('loses no acknowledged write and leaves a consistent store', async () => {
    const dataDir = tempDir('gradual-crash-');
    let server = await spawnServer(dataDir);
    const client = (url: string, credentials: typeof server.credentials): LambdaClient =>
      new LambdaClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
    let lambda = client(server.url, server.credentials);
    const zip = await nodeZip({ crash: true });
    const created = new Set<string>();
    const published = new Map<string, string[]>();
    let stop = false;

    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const name = `w${w}-${i}`;
        try {
          await lambda.send(
            new CreateFunctionCommand({
              FunctionName: name,
              Runtime: 'nodejs20.x',
              Role: ROLE,
              Handler: 'index.handler',
              Code: { ZipFile: zip },
              Publish: i % 2 === 0,
            }),
          );
          created.add(name);
          if (i % 2 === 0) published.set(name, ['1']);
          await waitUntil(lambda, name, (c) => c.State === 'Active');
          const v = await lambda.send(
            new PublishVersionCommand({ FunctionName: name, Description: 'burst' }),
          );
          published.set(name, [...(published.get(name) ?? []), v.Version!]);
        } catch {
          return; // the server died mid-request: this write was never acknowledged
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await new Promise((r) => setTimeout(r, 1500));
    await server.stop('SIGKILL');
    stop = true;
    await Promise.all(workers);
    lambda.destroy();
    expect(created.size).toBeGreaterThan(4);

    server = await spawnServer(dataDir);
    lambda = client(server.url, server.credentials);
    for (const name of created) {
      const config = await waitUntil(lambda, name, (c) => c.State === 'Active');
      expect(config.FunctionName).toBe(name);
      const versions = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: name }));
      const numbers = versions.Versions!.map((v) => v.Version);
      for (const v of published.get(name) ?? []) expect(numbers).toContain(v);
    }
    const listed = await lambda.send(new ListFunctionsCommand({ MaxItems: 50 }));
    expect(listed.Functions!.length).toBeGreaterThanOrEqual(Math.min(created.size, 50));
    await server.stop('SIGTERM');
    lambda.destroy();

    const db = new Database(join(dataDir, 'gradual.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const orphans = db
      .prepare('SELECT COUNT(*) AS n FROM versions WHERE function_name NOT IN (SELECT name FROM functions)')
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    const unsettled = db
      .prepare("SELECT COUNT(*) AS n FROM functions WHERE json_extract(data, '$.latest.state') != 'Active'")
      .get() as { n: number };
    expect(unsettled.n).toBe(0);
    const behind = db
      .prepare(
        `SELECT COUNT(*) AS n FROM versions v JOIN functions f ON f.name = v.function_name
         WHERE v.version > json_extract(f.data, '$.lastVersion')`,
      )
      .get() as { n: number };
    expect(behind.n).toBe(0);
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a PutMetricData datum acknowledged just before the kill', async () => {
    const dataDir = tempDir('gradual-crash-metrics-');
    let server = await spawnServer(dataDir);
    const client = (): CloudWatchClient =>
      new CloudWatchClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: server.credentials,
        maxAttempts: 1,
      });
    let cloudwatch = client();
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'Orders',
        MetricData: [{ MetricName: 'Placed', Value: 7, Timestamp: at }],
      }),
    );
    await server.stop('SIGKILL'); // at once: the flush timer (5 s) has not run
    cloudwatch.destroy();

    server = await spawnServer(dataDir);
    cloudwatch = client();
    const stats = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'Orders',
        MetricName: 'Placed',
        StartTime: at,
        EndTime: new Date(at.getTime() + 60_000),
        Period: 60,
        Statistics: ['Sum'],
      }),
    );
    expect(stats.Datapoints?.map((d) => d.Sum)).toEqual([7]);
    cloudwatch.destroy();
    await server.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });
});

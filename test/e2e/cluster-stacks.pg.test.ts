import { CreateStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cfnClients,
  eventLines,
  outputsOf,
  settled,
  twoFunctionTemplate,
  uploadHandler,
} from '../support/cloudformation.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { tempDir } from '../support/server.js';

/** Every node of a cluster accepts the same keys; given here so the test knows them. */
const KEYS = { GRADUAL_ACCESS_KEY_ID: 'GRADSTACKTEST', GRADUAL_SECRET_ACCESS_KEY: 'stack-secret' };

let database: TestDatabase;
const dirs: string[] = [];
const running: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.allSettled(running.map((s) => s.stop('SIGKILL')));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

/** `gradual serve --database <url>` at 60x, with a data dir of its own (nothing shared through disk). */
async function node(): Promise<ServerProcess> {
  const dir = tempDir('gradual-pg-node-');
  dirs.push(dir);
  const server = await spawnServer(dir, ['--database', database.url, '--time-scale', '60'], KEYS);
  running.push(server);
  return server;
}

async function body(s3: S3Client, bucket: string, key: string, range?: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function sql<R extends object>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The addresses of the nodes holding the stack's lease (its drivers: one at most). */
async function drivers(stackId: string): Promise<string[]> {
  const rows = await sql<{ data: string }>(
    `SELECT n.data FROM leases l JOIN nodes n ON n.id = l.owner
     WHERE l.resource = $1 AND l.expires_at > now()`,
    [`stack:${stackId}`],
  );
  return rows.map((r) => (JSON.parse(r.data) as { address: string }).address);
}

let a: ServerProcess;
let b: ServerProcess;

describe('S3 and CloudFormation on a cluster', () => {
  it('an object put through one node is read through the other, whole, by range and in parts', async () => {
    a = await node();
    b = await node();
    const ca = cfnClients(a);
    const cb = cfnClients(b);
    await ca.s3.send(new CreateBucketCommand({ Bucket: 'shared' }));
    const big = randomBytes(3 * 1024 * 1024);
    await ca.s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'big.bin', Body: big }));
    expect((await body(cb.s3, 'shared', 'big.bin')).equals(big)).toBe(true);
    expect((await body(cb.s3, 'shared', 'big.bin', 'bytes=100-199')).equals(big.subarray(100, 200))).toBe(
      true,
    );

    // A multipart upload whose parts go through different nodes.
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1024)];
    const { UploadId } = await ca.s3.send(new CreateMultipartUploadCommand({ Bucket: 'shared', Key: 'mp' }));
    const etags: string[] = [];
    for (const [i, part] of parts.entries()) {
      const via = i === 0 ? ca.s3 : cb.s3;
      const out = await via.send(
        new UploadPartCommand({ Bucket: 'shared', Key: 'mp', UploadId, PartNumber: i + 1, Body: part }),
      );
      etags.push(out.ETag!);
    }
    await cb.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'shared',
        Key: 'mp',
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    expect((await body(ca.s3, 'shared', 'mp')).equals(Buffer.concat(parts))).toBe(true);
    ca.destroy();
    cb.destroy();
  });

  it('one node drives a stack update; killed mid-update, the other finishes it, each step once', async () => {
    const ca = cfnClients(a);
    const cb = cfnClients(b);
    // Code uploaded through A; the stack created through B reads it (the objects are shared).
    for (const v of ['a1', 'b1', 'a2', 'b2']) await uploadHandler(ca.s3, 'code', v, v);
    const { StackId } = await cb.cfn.send(
      new CreateStackCommand({
        StackName: 'pair',
        TemplateBody: twoFunctionTemplate('s3://code/a1', 's3://code/b1'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(await settled(ca.cfn, 'pair')).toBe('CREATE_COMPLETE');
    const outputs = await outputsOf(ca.cfn, 'pair');

    // At 60x, B's five-minute canary takes five seconds: the kill lands inside the update.
    await ca.cfn.send(
      new UpdateStackCommand({
        StackName: 'pair',
        TemplateBody: twoFunctionTemplate('s3://code/a2', 's3://code/b2'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await new Promise((r) => setTimeout(r, 600));
    const driving = await drivers(StackId!);
    expect(driving, 'exactly one node drives the update').toHaveLength(1);
    const [driver, other] = driving[0] === a.url ? [a, b] : [b, a];
    const survivor = driver === a ? cb : ca;
    await driver.stop('SIGKILL');
    const [atKill] = await sql<{ status: string }>('SELECT status FROM cfn_stacks WHERE stack_id = $1', [
      StackId,
    ]);
    expect(atKill?.status, 'the kill should land mid-update').toBe('UPDATE_IN_PROGRESS');

    const ended = await settled(survivor.cfn, 'pair');
    expect(ended, (await eventLines(survivor.cfn, 'pair')).join('\n')).toBe('UPDATE_COMPLETE');
    expect(await drivers(StackId!)).toEqual([]);
    const lambda = new LambdaClient({
      endpoint: other.url,
      region: 'us-east-1',
      credentials: other.credentials,
      maxAttempts: 1,
    });
    for (const fn of [outputs.get('A')!, outputs.get('B')!]) {
      const alias = await lambda.send(new GetAliasCommand({ FunctionName: fn, Name: 'live' }));
      expect(alias.FunctionVersion).toBe('2');
      expect(alias.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
    }
    // One deployment per alias: the node that took over followed B's deployment rather than start another.
    const log = await eventLines(survivor.cfn, 'pair');
    expect(log.filter((l) => l === 'BAliaslive UPDATE_COMPLETE')).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('BVersion') && l.includes('CREATE_COMPLETE'))).toHaveLength(2);
    lambda.destroy();
    ca.destroy();
    cb.destroy();
  });
});

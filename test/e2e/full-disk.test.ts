import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { StopDeploymentCommand } from '@aws-sdk/client-codedeploy';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineLog } from '../../src/common/log.js';
import { buildZip } from '../../src/common/zip-writer.js';
import { MB } from '../../src/server/capacity/space-rules.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
} from '../support/codedeploy.js';
import { functionWithVersions } from '../support/codedeploy.js';
import { ROLE } from '../support/functions.js';
import { awsError, waitUntil } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';
import { canMountTmpfs, mountTmpfs, type Tmpfs } from '../support/tmpfs.js';
import { until } from '../support/until.js';

/**
 * The data dir on a 40 MB tmpfs, filled by 5 MB functions and then by something else: every
 * write that adds data is refused in its protocol's shape, deletes, alias changes and rollbacks
 * keep working, and everything recovers without a restart once space is freed.
 */
const mountable = canMountTmpfs();
const lines: string[] = [];
let disk: Tmpfs;
let t: TestServer;

async function metric(pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${t.server.url}/metrics`)).text();
  const match = pattern.exec(text);
  return match ? Number(match[1]) : NaN;
}

/** A zip of incompressible bytes: it costs its size twice (the zip and its unpacked copy). */
function bigZip(): Promise<Buffer> {
  return buildZip({ 'index.js': 'exports.handler = async () => "big";\n', 'blob.bin': randomBytes(5 * MB) });
}

async function createBig(name: string): Promise<void> {
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await bigZip() },
    }),
  );
  await waitUntil(t.lambda, name, (c) => c.State === 'Active');
}

function codeLeftovers(): string[] {
  return readdirSync(join(t.dataDir, 'code')).filter((n) => n.includes('.tmp') || n.includes('.unpacking'));
}

async function filterLogs(group: string): Promise<string[]> {
  const response = await signedFetch(`${t.server.url}/`, {
    method: 'POST',
    service: 'logs',
    credentials: t.credentials,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.FilterLogEvents',
    },
    body: JSON.stringify({ logGroupName: group }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { events: { message: string }[] }).events.map((e) => e.message);
}

describe.skipIf(!mountable)('a full data dir (40 MB tmpfs)', () => {
  const created: string[] = [];
  const cd = () => codeDeployClient(t);

  beforeAll(async () => {
    disk = mountTmpfs(40);
    t = await startTestServer(
      { dataDir: join(disk.dir, 'data'), spaceReserveBytes: 8 * MB, timeScale: 60 },
      { log: lineLog('info', (line) => lines.push(line)) },
    );
    await functionWithVersions(t.lambda, 'keep');
    await createGroup(cd(), 'app', 'grp');
  }, 60_000);

  afterAll(async () => {
    await t?.dispose();
    disk?.unmount();
  });

  it('refuses new code once it would eat into the reserve, with what to delete, leaving no partial files', async () => {
    let refusal: Awaited<ReturnType<typeof awsError>> | undefined;
    for (let i = 0; i < 6 && !refusal; i++) {
      const name = `big-${i}`;
      const outcome = await createBig(name).then(
        () => undefined,
        (error: unknown) => awsError(Promise.reject(error as Error)),
      );
      if (outcome) refusal = outcome;
      else created.push(name);
    }
    expect(created.length).toBeGreaterThanOrEqual(2);
    expect(refusal).toMatchObject({ name: 'CodeStorageExceededException', status: 400 });
    expect(refusal!.message).toMatch(
      /^The data dir \S+ is nearly full: [\d.]+ MB free, and gradual keeps 8\.0 MB for deletes, alias changes and rollbacks, so it cannot store this code package \(10\.\d MB\)\. Delete functions or versions/,
    );
    const update = await awsError(
      t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'keep', ZipFile: await bigZip() })),
    );
    expect(update.name).toBe('CodeStorageExceededException');
    expect(codeLeftovers()).toEqual([]);
    expect(await metric(/^gradual_writes_refused_total\{what="code"\} (\d+)/m)).toBe(2);
  }, 120_000);

  it('when something else fills the disk: refuses events and deployments, drops logs, keeps aliases, rollbacks and invokes working', async () => {
    // The first test left anywhere from the reserve to one package more free (and the database
    // grows meanwhile): a package deleted makes room for the canary whatever it left.
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: created.pop()! }));
    await until(
      'room for the canary',
      async () => (await metric(/gradual_data_dir_space_level\{level="full"\} (\d)/)) === 0,
    );
    // A canary of 30 minutes (30 s here) in progress when the disk fills.
    const running = await deploy(
      cd(),
      'app',
      'grp',
      appSpec('keep', '1', '2'),
      'CodeDeployDefault.LambdaCanary10Percent30Minutes',
    );
    await until('the canary', async () => (await aliasOf(t.lambda, 'keep')).weights?.['2'] === 0.1);
    disk.fill('filler', disk.free() - 4 * MB);
    await until(
      'the full level',
      async () => (await metric(/gradual_data_dir_space_level\{level="full"\} (\d)/)) === 1,
    );

    const event = await awsError(
      t.lambda.send(new InvokeCommand({ FunctionName: 'keep:live', InvocationType: 'Event', Payload: '{}' })),
    );
    expect(event).toMatchObject({ name: 'TooManyRequestsException', status: 429 });
    expect(event.message).toContain('cannot store this event');

    const deployment = await awsError(deploy(cd(), 'app', 'grp', appSpec('keep', '1', '2')));
    expect(deployment).toMatchObject({ name: 'DeploymentLimitExceededException', status: 400 });
    expect(deployment.message).toContain('cannot store this deployment');

    const sync = await t.lambda.send(new InvokeCommand({ FunctionName: 'keep:live', Payload: '{}' }));
    expect(sync.StatusCode).toBe(200);
    await until('the dropped log', async () => (await metric(/outcome="dropped"\} (\d+)/)) >= 1);

    await cd().send(new StopDeploymentCommand({ deploymentId: running, autoRollbackEnabled: true }));
    await until('the rollback', async () => (await deploymentOf(cd(), running)).status === 'Stopped');
    expect(await aliasOf(t.lambda, 'keep')).toEqual({ version: '1', weights: undefined });

    await t.lambda.send(new UpdateAliasCommand({ FunctionName: 'keep', Name: 'live', FunctionVersion: '2' }));
    expect((await aliasOf(t.lambda, 'keep')).version).toBe('2');
    await t.lambda.send(new UpdateAliasCommand({ FunctionName: 'keep', Name: 'live', FunctionVersion: '1' }));
    expect(lines.some((l) => l.startsWith('warn') && l.includes('the data dir is nearly full'))).toBe(true);
  }, 60_000);

  it('filled to the brim: the server stays up, releases its reserve, and a delete frees code at once', async () => {
    disk.fill('filler', Infinity);
    await until('the reserve release', () => lines.some((l) => l.includes('released the space reserve')));
    // The released reserve is room the clock's next save could take: fill it for as long as it
    // takes that save to fail, then give it back for the delete below.
    disk.fill('filler-reserve', Infinity);
    await until('the clock warning', () =>
      lines.some((l) => l.includes('could not save the rehearsal timeline')),
    );
    rmSync(join(disk.dir, 'filler-reserve'));
    const before = disk.free();
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: created[0]! }));
    await until('the code to be freed', () => disk.free() > before + 9 * MB, 5_000);
    expect(readdirSync(join(t.dataDir, 'code')).filter((n) => n.endsWith('.zip'))).toHaveLength(
      created.length - 1 + 2, // the others, and keep's two packages
    );
  }, 60_000);

  it('recovers without a restart once space is freed: code, events, deployments and logs are accepted again', async () => {
    for (const name of created.slice(1))
      await t.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    // And whatever filled the disk goes too (it took the room a delete made for the canary).
    rmSync(join(disk.dir, 'filler'));
    await until(
      'room again',
      async () => (await metric(/gradual_data_dir_space_level\{level="full"\} (\d)/)) === 0,
    );
    // Deleted functions' code and unpacked copies go back to the disk as their environments stop:
    // wait for room for a package (10 MB) above the reserve (8 MB) before asking for one.
    await until('room for a package above the reserve', () => disk.free() > 19 * MB, 15_000);
    await createBig('big-again');
    await t.lambda.send(
      new InvokeCommand({ FunctionName: 'keep:live', InvocationType: 'Event', Payload: '{}' }),
    );
    const id = await deploy(
      cd(),
      'app',
      'grp',
      appSpec('keep', '1', '2'),
      'CodeDeployDefault.LambdaAllAtOnce',
    );
    await until('the deployment', async () => (await deploymentOf(cd(), id)).status === 'Succeeded', 30_000);
    expect((await aliasOf(t.lambda, 'keep')).version).toBe('2');
    await t.lambda.send(new InvokeCommand({ FunctionName: 'keep:live', Payload: '{"after":true}' }));
    await until(
      'the logs',
      async () => (await filterLogs('/aws/lambda/keep')).filter((m) => m.startsWith('START')).length >= 2,
    );
    expect(codeLeftovers()).toEqual([]);
  }, 90_000);

  it('restarts under --time-scale on a disk filled to the brim, refusing writes until space is freed', async () => {
    await until('the reserve back', () => lines.some((l) => l.includes('the space reserve is back')));
    disk.fill('filler-2', Infinity);
    t = await t.restart();
    expect((await fetch(`${t.server.url}/metrics`)).status).toBe(200);
    const refused = await awsError(
      t.lambda.send(new InvokeCommand({ FunctionName: 'keep', InvocationType: 'Event', Payload: '{}' })),
    );
    expect(refused.name).toBe('TooManyRequestsException');
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'big-again' }));
    rmSync(join(disk.dir, 'filler-2'));
    await until(
      'room again',
      async () => (await metric(/gradual_data_dir_space_level\{level="full"\} (\d)/)) === 0,
    );
    const ok = await t.lambda.send(
      new InvokeCommand({ FunctionName: 'keep', InvocationType: 'Event', Payload: '{}' }),
    );
    expect(ok.StatusCode).toBe(202);
  }, 90_000);
});

import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineLog } from '../../src/common/log.js';
import { buildZip } from '../../src/common/zip-writer.js';
import { ROLE } from '../support/functions.js';
import { waitUntil } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';
import { canMountTmpfs, mountTmpfs, type Tmpfs } from '../support/tmpfs.js';
import { until } from '../support/until.js';

/**
 * A log write torn by a full disk (a 64 KB record into 8 KB of room), and a torn tail left by a
 * crash: neither poisons the log. The records around them stay readable and logging goes on.
 */
const mountable = canMountTmpfs();
const GROUP = '/aws/lambda/chatty';
const lines: string[] = [];
let disk: Tmpfs;
let t: TestServer;

async function say(text: string, kb = 0): Promise<void> {
  const out = await t.lambda.send(
    new InvokeCommand({ FunctionName: 'chatty', Payload: JSON.stringify({ text, kb }) }),
  );
  expect(out.StatusCode).toBe(200);
}

async function messages(): Promise<string[]> {
  const response = await signedFetch(`${t.server.url}/`, {
    method: 'POST',
    service: 'logs',
    credentials: t.credentials,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.FilterLogEvents',
    },
    body: JSON.stringify({ logGroupName: GROUP, filterPattern: 'said' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { events: { message: string }[] }).events.map((e) =>
    e.message.replace(/^.*said /, '').slice(0, 20),
  );
}

function segments(): string[] {
  const dir = join(t.dataDir, 'logs', encodeURIComponent(GROUP));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(dir, f));
}

async function metric(pattern: RegExp): Promise<number> {
  const match = pattern.exec(await (await fetch(`${t.server.url}/metrics`)).text());
  return match ? Number(match[1]) : NaN;
}

describe.skipIf(!mountable)('torn function logs (tmpfs)', () => {
  beforeAll(async () => {
    disk = mountTmpfs(24);
    // No reserve: the disk really runs out in the middle of a write.
    t = await startTestServer(
      { dataDir: join(disk.dir, 'data'), spaceReserveBytes: 1 },
      { log: lineLog('info', (line) => lines.push(line)) },
    );
    await t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'chatty',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: {
          ZipFile: await buildZip({
            'index.js':
              'exports.handler = async (e) => { console.log("said " + e.text + " " + "x".repeat(e.kb * 1024)); return "ok"; };\n',
          }),
        },
      }),
    );
    await waitUntil(t.lambda, 'chatty', (c) => c.State === 'Active');
  }, 60_000);

  afterAll(async () => {
    await t?.dispose();
    disk?.unmount();
  });

  it('cuts a write torn by a full disk back off the log, and logs normally once there is room', async () => {
    await say('first');
    expect(await messages()).toEqual(['first ']);
    disk.fill('filler', Infinity);
    rmSync(join(disk.dir, 'filler'));
    disk.fill('filler', disk.free() - 8 * 1024);
    await say('torn', 64);
    await until('the dropped record', async () => (await metric(/outcome="dropped"\} (\d+)/)) >= 1);
    // The write was tried and failed part-way (not refused beforehand), then cut back.
    expect(lines.some((l) => l.includes('function logs could not be written') && l.includes('ENOSPC'))).toBe(
      true,
    );
    for (const file of segments()) expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    rmSync(join(disk.dir, 'filler'));
    // The server reuses a space reading for a quarter of a second: wait until it has seen the room.
    await until(
      'room seen again',
      async () => (await metric(/gradual_data_dir_space_level\{level="full"\} (\d+)/)) === 0,
    );
    await say('after');
    expect(await messages()).toEqual(['first ', 'after ']);
  }, 60_000);

  it('cuts a torn tail a crash left at start-up; the records before and after it read back', async () => {
    const [segment] = segments().sort().slice(-1);
    appendFileSync(segment!, '{"t":1,"s":"x","m":"said half a rec');
    t = await t.restart();
    expect(await metric(/^gradual_function_log_damaged_records (\d+)/m)).toBe(1);
    await say('restarted');
    expect(await messages()).toEqual(['first ', 'after ', 'restarted ']);
  }, 60_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import { seededRandom } from '../../common/random.js';
import { buildZip } from '../../common/zip-writer.js';
import { CodeStore } from '../artifacts/code-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { DEFAULT_SETTINGS } from './config-rules.js';
import { Registry } from './registry.js';

const account = { region: 'us-east-1', accountId: '000000000000' };
const settings = {
  ...DEFAULT_SETTINGS,
  runtime: 'nodejs20.x',
  role: 'arn:aws:iam::000000000000:role/r',
  handler: 'index.handler',
};
const zip = (body: string) => buildZip({ 'index.js': body });

let dir: string;
let store: Store;

/** A node of the cluster: its own registry; the store and the code packages shared. */
function node(seed: number): { registry: Registry; code: CodeStore } {
  const code = new CodeStore(dir);
  const clock = new VirtualClock();
  const registry = new Registry(
    { store, code, clock, random: seededRandom(seed), log: silentLog, account },
    { accountConcurrency: 1000 },
  );
  return { registry, code };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gradual-stranded-'));
  store = openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an update whose node died before settling it', () => {
  it('is settled by another node, which may then update the function', async () => {
    const a = node(1);
    const b = node(2);
    const base = { name: 'f', publish: false, revisionId: undefined };
    await a.registry.createFunction({ ...base, settings, tags: {}, zip: Buffer.from(await zip('1')) });
    await a.registry.idle();
    // Node A accepts a code update, then "dies" before its unpack (and so its settle) ends.
    vi.spyOn(a.code, 'unpack').mockReturnValue(new Promise(() => undefined));
    await a.registry.updateFunctionCode({ ...base, zip: Buffer.from(await zip('2')) });
    const update = { ...base, zip: Buffer.from(await zip('3')) };
    await expect(b.registry.updateFunctionCode(update)).rejects.toThrow(/An update is in progress/);

    // The first look only notes it (its own node may be settling it still); the next settles it.
    await b.registry.settleStranded();
    expect((await b.registry.load('f'))?.fn.latest.lastUpdateStatus).toBe('InProgress');
    await b.registry.settleStranded();
    expect((await b.registry.load('f'))?.fn.latest.lastUpdateStatus).toBe('Successful');
    await b.registry.updateFunctionCode(update);
    await b.registry.idle();
    expect((await b.registry.load('f'))?.fn.latest.lastUpdateStatus).toBe('Successful');
  });

  it('leaves alone what was settled between two looks', async () => {
    const a = node(1);
    const b = node(2);
    const base = { name: 'f', publish: false, revisionId: undefined };
    await a.registry.createFunction({ ...base, settings, tags: {}, zip: Buffer.from(await zip('1')) });
    await b.registry.settleStranded();
    await a.registry.idle();
    const settled = (await b.registry.load('f'))?.fn.latest.revisionId;
    await b.registry.settleStranded();
    expect((await b.registry.load('f'))?.fn.latest.revisionId).toBe(settled);
  });
});

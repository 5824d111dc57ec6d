import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/postgres.js';
import { realClock } from '../../../common/clock.js';
import { silentLog } from '../../../common/log.js';
import { PgLeases } from './pg-leases.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';

/** Short leases so that expiry is seen within the test: 600 ms, acted on until 150 ms before. */
const OPTIONS = { ttlMs: 600, marginMs: 150 };
const wallClock = realClock();

let database: TestDatabase;
const stores: PostgresStore[] = [];
const leases: PgLeases[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const l of leases) await l.close();
  for (const s of stores) await s.close().catch(() => undefined);
  await database?.drop();
});

/** A node: its own connections and its own leases. */
async function node(name: string): Promise<{ store: PostgresStore; leases: PgLeases }> {
  const store = await openPostgresStore({ url: database.url, origin: name });
  stores.push(store);
  const l = new PgLeases(store.db, name, { wallClock, log: silentLog }, OPTIONS);
  leases.push(l);
  return { store, leases: l };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function tokenOf(store: PostgresStore, resource: string): Promise<number | undefined> {
  const [row] = await store.db.query<{ token: string }>('SELECT token FROM leases WHERE resource = $1', [
    resource,
  ]);
  return row ? Number(row.token) : undefined;
}

describe('PgLeases on a real PostgreSQL', () => {
  it('gives a resource to one node at a time, and its holder keeps it by renewing', async () => {
    const a = await node('a1');
    const b = await node('b1');
    expect(await a.leases.acquire('deployment:x')).toBe(true);
    expect(await b.leases.acquire('deployment:x')).toBe(false);
    expect(a.leases.holds('deployment:x')).toBe(true);
    expect(b.leases.holds('deployment:x')).toBe(false);
    // Three lifetimes later the holder still has it (renewed every third of its life).
    await sleep(3 * OPTIONS.ttlMs);
    expect(a.leases.holds('deployment:x')).toBe(true);
    expect(await b.leases.acquire('deployment:x')).toBe(false);
    // Taking it again is keeping it: same holder, same token.
    const token = await tokenOf(a.store, 'deployment:x');
    expect(await a.leases.acquire('deployment:x')).toBe(true);
    expect(await tokenOf(a.store, 'deployment:x')).toBe(token);
  });

  it('a released lease is taken by another node at once, with a higher token', async () => {
    const a = await node('a2');
    const b = await node('b2');
    expect(await a.leases.acquire('execution:y')).toBe(true);
    const before = await tokenOf(a.store, 'execution:y');
    await a.leases.release('execution:y');
    expect(a.leases.holds('execution:y')).toBe(false);
    expect(await b.leases.acquire('execution:y')).toBe(true);
    // A fresh row after a release; a takeover of a lapsed one counts up (next test).
    expect(await tokenOf(b.store, 'execution:y')).toBeGreaterThanOrEqual(before ?? 1);
  });

  it('a node cut off from the database stops acting before another can take its lease over', async () => {
    const a = await node('a3');
    const b = await node('b3');
    const lost: string[] = [];
    a.leases.onLost((resource) => lost.push(resource));
    expect(await a.leases.acquire('event:z')).toBe(true);
    const token = await tokenOf(b.store, 'event:z');
    // Its connections gone: renewals fail from now on (a crashed or partitioned node).
    await a.store.close();
    const cutAt = wallClock.now();
    let takenAt: number | undefined;
    while (takenAt === undefined) {
      expect(wallClock.now() - cutAt, 'the lease should lapse').toBeLessThan(5000);
      if (await b.leases.acquire('event:z')) {
        takenAt = wallClock.now();
        // The deposed holder had stopped acting already.
        expect(a.leases.holds('event:z')).toBe(false);
      } else {
        await sleep(25);
      }
    }
    // Not before the lease's life was over.
    expect(takenAt - cutAt).toBeGreaterThanOrEqual(OPTIONS.ttlMs - OPTIONS.ttlMs / 3 - 50);
    expect(await tokenOf(b.store, 'event:z')).toBe((token ?? 0) + 1);
    await sleep(OPTIONS.ttlMs);
    expect(lost).toEqual(['event:z']);
  });
});

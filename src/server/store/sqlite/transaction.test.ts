import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableGroupCommit, immediateTransaction, settled } from './transaction.js';

let db: Database.Database;
const count = (): number => db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM t').get()!.n;
const insert = (v: number): void => void db.prepare('INSERT INTO t (v) VALUES (?)').run(v);

beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (v INTEGER)');
});
afterEach(() => db.close());

describe('immediateTransaction', () => {
  it("commits the body's writes and resolves with its result", async () => {
    await expect(immediateTransaction(db, () => (insert(1), insert(2), 'done'))).resolves.toBe('done');
    expect(count()).toBe(2);
  });

  it('rolls every write back and rejects when the body throws', async () => {
    const failing = immediateTransaction(db, () => {
      insert(1);
      throw new Error('no');
    });
    await expect(failing).rejects.toThrow('no');
    expect(count()).toBe(0);
  });
});

describe('settled', () => {
  it('turns a throw of something not an Error into a rejection with an Error', async () => {
    const thrown = settled(() => {
      throw 'plain'; // eslint-disable-line @typescript-eslint/only-throw-error
    });
    await expect(thrown).rejects.toBeInstanceOf(Error);
    await expect(thrown).rejects.toThrow('plain');
  });
});

describe('group commit', () => {
  it('runs the transactions of one turn together; one that throws rolls back alone', async () => {
    enableGroupCommit(db);
    const results = await Promise.allSettled([
      immediateTransaction(db, () => (insert(1), 'a')),
      immediateTransaction(db, () => {
        insert(2);
        throw new Error('refused');
      }),
      immediateTransaction(db, () => (insert(3), count())),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'refused',
      2,
    ]);
    expect(
      db
        .prepare<[], { v: number }>('SELECT v FROM t ORDER BY v')
        .all()
        .map((r) => r.v),
    ).toEqual([1, 3]);
  });

  it('a transaction asked for later joins the next group, and sees what the first committed', async () => {
    enableGroupCommit(db);
    await immediateTransaction(db, () => insert(1));
    await expect(immediateTransaction(db, () => count())).resolves.toBe(1);
  });
});

import type Database from 'better-sqlite3';

/** `body`'s result as the store interfaces promise it: a throw becomes a rejection, always an Error. */
export function settled<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (error) {
    return Promise.reject(asError(error));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

interface Job {
  body: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: transactions asked for during one turn of the event loop run together as one
 * SQLite transaction, each in a savepoint of its own (a decision that throws rolls back alone),
 * and are made durable by one fsync. With `synchronous=FULL` an fsync costs milliseconds; a
 * burst of a thousand API calls then costs a few of them instead of a thousand.
 */
class GroupCommit {
  private jobs: Job[] = [];

  constructor(private readonly db: Database.Database) {}

  run<T>(body: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ body, resolve: resolve as (value: unknown) => void, reject });
      // After the I/O callbacks of this turn (every request that arrived meanwhile joins in).
      if (this.jobs.length === 1) setImmediate(() => this.commit());
    });
  }

  private commit(): void {
    const jobs = this.jobs;
    this.jobs = [];
    if (jobs.length === 1) {
      const [job] = jobs as [Job];
      settled(() => this.db.transaction(job.body).immediate()).then(job.resolve, job.reject);
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: Error })[] = [];
    try {
      this.db
        .transaction(() => {
          for (const job of jobs) {
            try {
              // Nested: a savepoint, rolled back alone when the body throws.
              outcomes.push({ ok: true, value: this.db.transaction(job.body)() });
            } catch (error) {
              outcomes.push({ ok: false, error: asError(error) });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const job of jobs) job.reject(asError(error));
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}

const groupCommits = new WeakMap<Database.Database, GroupCommit>();

/**
 * Makes `immediateTransaction` on this database commit in groups (the server does; tests on
 * virtual time keep each transaction synchronous, so a step's writes land within one turn).
 */
export function enableGroupCommit(db: Database.Database): void {
  if (!groupCommits.has(db)) groupCommits.set(db, new GroupCommit(db));
}

/**
 * Runs `body` as one transaction begun IMMEDIATE (the write lock taken at BEGIN, so a read that
 * decides a write cannot be overtaken), settled as a promise; a throw rolls it back. With group
 * commit enabled it runs at the end of the current turn, together with the others asked for.
 */
export function immediateTransaction<T>(db: Database.Database, body: () => T): Promise<T> {
  const group = groupCommits.get(db);
  if (group) return group.run(body);
  return settled(() => db.transaction(body).immediate());
}

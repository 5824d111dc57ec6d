/** Pieces of the cluster benchmark: a PostgreSQL server, databases on it, nodes, figures. */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  startEmbeddedPostgres,
  type TestDatabase,
} from '../../test/support/embedded-postgres.js';
import { fmt, startGradual, type GradualServer } from '../invoke-harness.js';
import { percentile } from '../stats.js';

export const out = (line = ''): boolean => process.stdout.write(`${line}\n`);

export const load = (): string =>
  loadavg()
    .map((l) => fmt(l, 2))
    .join(' ');

/** p50 and p99 of samples (ms), as printed: "p50 12.3 / p99 45.6 ms (n=40)". */
export function spread(samples: readonly number[]): { p50: number; p99: number; text: string } {
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  return { p50, p99, text: `p50 ${fmt(p50, 1)} / p99 ${fmt(p99, 1)} ms (n=${samples.length})` };
}

export interface Postgres {
  /** A fresh database on the server. */
  database(): Promise<TestDatabase>;
  where: string;
  stop(): Promise<void>;
}

/**
 * The server `--database` or `GRADUAL_TEST_DATABASE_URL` names (a URL on which databases may be
 * created), else a PostgreSQL started here from the embedded-postgres package, as the tests do.
 */
export async function postgres(given: string | undefined): Promise<Postgres> {
  const made: TestDatabase[] = [];
  const server = given ? undefined : await startEmbeddedPostgres();
  const adminUrl = given ?? server!.adminUrl;
  return {
    where: given
      ? `the given server (${new URL(given).host})`
      : 'an embedded PostgreSQL started by the bench',
    async database() {
      const db = await createDatabase(adminUrl);
      made.push(db);
      return db;
    },
    async stop() {
      for (const db of made) await db.drop().catch(() => undefined);
      await server?.stop();
    },
  };
}

/** `gradual serve --auth off` as a process of its own: on SQLite, or a node on `database`. */
export interface Node extends GradualServer {
  dataDir: string;
  kill(): Promise<void>;
}

export async function startNode(database?: string, extraArgs: string[] = []): Promise<Node> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-cluster-'));
  const server = await startGradual(dataDir, [...(database ? ['--database', database] : []), ...extraArgs]);
  return {
    ...server,
    dataDir,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      const exited = new Promise<void>((done) => server.child.once('exit', () => done()));
      server.child.kill('SIGKILL');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

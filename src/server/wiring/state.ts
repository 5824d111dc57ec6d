import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import { cryptoRandom } from '../../common/random.js';
import { loadCredentials, type LoadedCredentials } from '../auth/credentials.js';
import { DiskSpace } from '../capacity/disk-space.js';
import { SpaceReserve } from '../capacity/space-reserve.js';
import { spaceOptions } from '../capacity/space-rules.js';
import { lockDataDir } from '../store/data-dir-lock.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { openCluster, type Cluster } from './cluster.js';
import type { ServerOptions } from './server-options.js';
import type { Teardown } from './teardown.js';

interface StateDeps {
  wallClock: Clock;
  log: Log;
  teardown: Teardown;
}

/** The data dir, this server's alone until shutdown. */
export function lockData(options: ServerOptions, deps: Pick<StateDeps, 'teardown'>): void {
  const unlock = lockDataDir(options.dataDir);
  deps.teardown.defer('data dir lock', unlock);
}

/** Watches the data dir's free space, keeping the reserve for deletes and rollbacks. */
export function watchSpace(options: ServerOptions, deps: StateDeps): DiskSpace {
  const rules = spaceOptions(options.spaceReserveBytes);
  const space = new DiskSpace(
    {
      dir: options.dataDir,
      wallClock: deps.wallClock,
      log: deps.log,
      reserve: new SpaceReserve(options.dataDir, rules.reserveFileBytes),
    },
    rules,
  );
  space.start();
  deps.teardown.defer('disk space watch', () => space.stop());
  return space;
}

/**
 * Where state lives: SQLite in the data dir, or the PostgreSQL database a cluster's nodes share
 * (`--database`).
 */
export async function openStore(
  options: ServerOptions,
  deps: StateDeps & { groupCommit: boolean },
): Promise<{ store: Store; cluster: Cluster | undefined }> {
  if (options.database) {
    const cluster = await openCluster({
      databaseUrl: options.database,
      // Unique even when tests seed the platform's random source alike for several nodes.
      nodeId: `${hostname()}-${process.pid}-${cryptoRandom().hex(3)}`,
      wallClock: deps.wallClock,
      log: deps.log,
    });
    deps.teardown.defer('cluster', () => cluster.close());
    return { store: cluster.store, cluster };
  }
  const store = openSqliteStore(join(options.dataDir, 'gradual.db'), { groupCommit: deps.groupCommit });
  deps.teardown.defer('store', () => store.close());
  return { store, cluster: undefined };
}

/** The API's credentials, or undefined when authentication is off. */
export async function apiCredentials(
  options: ServerOptions,
  cluster: Cluster | undefined,
): Promise<LoadedCredentials | undefined> {
  if (options.auth !== 'on') return undefined;
  return cluster ? cluster.credentials() : loadCredentials(options.dataDir);
}

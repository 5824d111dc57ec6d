import { join } from 'node:path';
import type { Clock } from '../../common/clock.js';
import { realClock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import { cryptoRandom } from '../../common/random.js';
import { CodeStore } from '../artifacts/code-store.js';
import { functionCredentialIssuer, type LoadedCredentials } from '../auth/credentials.js';
import type { DiskSpace } from '../capacity/disk-space.js';
import type { BoundGateway } from '../gateway/listener.js';
import type { FunctionCredentialIssuer } from '../iam/function-credentials.js';
import type { Cluster } from './cluster.js';
import { bindPorts, type BoundApi } from './listeners.js';
import { platformTime, startRehearsal } from './platform-time.js';
import type { ServerOptions, ServerSeams } from './server-options.js';
import type { ServiceBase, Takeover } from './service-base.js';
import { apiCredentials, lockData, openStore, watchSpace } from './state.js';
import type { Teardown } from './teardown.js';

/** How often a node looks for work whose driver died (wall ms): deployments, executions, events. */
const TAKEOVER_SCAN_MS = 1000;

/** What every service stands on, ready before the first is built. */
export interface Foundation {
  /** What each service's wiring takes. */
  base: ServiceBase;
  wallClock: Clock;
  /** Both ports bound (not yet answering): what names them is built knowing them. */
  ports: { api: BoundApi; gateway: BoundGateway };
  cluster: Cluster | undefined;
  space: DiskSpace;
  /** The API's credentials; undefined when authentication is off. */
  credentials: LoadedCredentials | undefined;
  /** What functions call back with: never the user's own secret. */
  functionKeys: FunctionCredentialIssuer;
  code: CodeStore;
  takeover: Takeover;
}

/**
 * The data dir locked, its space watched, both ports bound, the store open, the platform's time
 * and randomness, the keys: each adds what undoes it to `teardown`.
 */
export async function openFoundation(
  options: ServerOptions,
  seams: ServerSeams,
  { library, log, teardown }: { library: string | undefined; log: Log; teardown: Teardown },
): Promise<Foundation> {
  const wallClock = seams.wallClock ?? realClock();
  const account = { region: options.region, accountId: options.accountId };
  lockData(options, { teardown });
  const rehearsal = startRehearsal(options, seams, { wallClock, log, teardown });
  const space = watchSpace(options, { wallClock, log, teardown });
  // Before anything that names them is built (function URLs, the functions' endpoint).
  const ports = await bindPorts(options, seams, teardown);
  // On virtual time a step's writes must land within the turn the test waits for: no grouping.
  const { store, cluster } = await openStore(options, {
    wallClock,
    log,
    teardown,
    groupCommit: !seams.clock,
  });
  const time = await platformTime({ options, seams, wallClock, log, library, rehearsal, cluster });
  const random = seams.random ?? cryptoRandom();
  return {
    base: { time, random, log, account, store, teardown },
    wallClock,
    ports,
    cluster,
    space,
    credentials: await apiCredentials(options, cluster),
    functionKeys: functionCredentialIssuer(),
    code: new CodeStore(join(options.dataDir, 'code'), cluster?.blobs),
    takeover: cluster && { leases: cluster.leases, wallClock, scanEveryMs: TAKEOVER_SCAN_MS },
  };
}

import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { DeployCluster } from '../deployments/engine.js';
import type { Account } from '../functions/names.js';
import type { Store } from '../store/store.js';
import type { PlatformTime } from './platform-time.js';
import type { Teardown } from './teardown.js';

/** What the composition root hands every service's wiring: built once, before any service. */
export interface ServiceBase {
  store: Store;
  time: PlatformTime;
  random: Random;
  log: Log;
  account: Account;
  /** Where each service adds what undoes it, closed in reverse on shutdown. */
  teardown: Teardown;
}

/**
 * In a cluster, the leases by which a node takes over the work of a node that died (deployments,
 * executions, stack operations, Event attempts); undefined on a single node.
 */
export type Takeover = DeployCluster | undefined;

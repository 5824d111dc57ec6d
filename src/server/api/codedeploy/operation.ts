import type { Clock } from '../../../common/clock.js';
import type { Random } from '../../../common/random.js';
import type { DeployEngine } from '../../deployments/engine.js';
import type { Account } from '../../functions/names.js';
import type { DeployStore } from '../../deployments/store.js';
import type { Addition } from '../../capacity/space-rules.js';

/** What CodeDeploy's operations work with. */
export interface CodeDeployDeps {
  store: DeployStore;
  engine: DeployEngine;
  clock: Clock;
  random: Random;
  account: Account;
  /** The data dir's free space: new deployments are refused rather than eat into the reserve. */
  space?: { admit(addition: Addition): void };
}

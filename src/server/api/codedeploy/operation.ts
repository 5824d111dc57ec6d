import type { Clock } from '../../../common/clock.js';
import type { Random } from '../../../common/random.js';
import type { DeployEngine } from '../../deployments/engine.js';
import type { Account } from '../../functions/names.js';
import type { DeployStore } from '../../deployments/store.js';

/** What CodeDeploy's operations work with. */
export interface CodeDeployDeps {
  store: DeployStore;
  engine: DeployEngine;
  clock: Clock;
  random: Random;
  account: Account;
}

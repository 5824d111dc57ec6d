import { deployContract } from './deploy-contract.js';
import { eventContract } from './event-contract.js';
import type { StoreHarness } from './harness.js';
import { lambdaContract } from './lambda-contract.js';
import { metricsContract } from './metrics-contract.js';
import { otherContract } from './other-contract.js';
import { s3CfnContract } from './s3-cfn-contract.js';

/**
 * What every implementation of the domains' storage ports must do, as one suite: run by
 * sqlite.test.ts against SQLite and by postgres.pg.test.ts against a real PostgreSQL server.
 */
export function storeContract(harness: StoreHarness): void {
  lambdaContract(harness);
  deployContract(harness);
  metricsContract(harness);
  otherContract(harness);
  s3CfnContract(harness);
  eventContract(harness);
}

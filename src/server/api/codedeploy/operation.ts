import type { Clock } from '../../../common/clock.js';
import type { Random } from '../../../common/random.js';
import type { DeployEngine } from '../../deployments/engine.js';
import type { Account } from '../../functions/names.js';
import type { DeployStore } from '../../deployments/store.js';
import type { Addition } from '../../capacity/space-rules.js';
import {
  ApplicationNameRequiredException,
  DeploymentGroupNameRequiredException,
  InvalidApplicationNameException,
  InvalidDeploymentGroupNameException,
  InvalidNextTokenException,
} from '../../deployments/errors.js';

export interface CodeDeployDeps {
  store: DeployStore;
  engine: DeployEngine;
  clock: Clock;
  random: Random;
  account: Account;
  /** The data dir's free space: new deployments are refused rather than eat into the reserve. */
  space?: { admit(addition: Addition): void };
}

/** One CodeDeploy operation: the parsed JSON input in, the JSON output (undefined for none) out. */
export type CodeDeployOperation = (input: Record<string, unknown>, deps: CodeDeployDeps) => Promise<unknown>;

const NAME = /^[A-Za-z0-9+=,.@_-]+$/;

export function str(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' ? value : undefined;
}

export function applicationName(input: Record<string, unknown>, key = 'applicationName'): string {
  const name = str(input, key);
  if (!name) throw new ApplicationNameRequiredException('The application name must be specified.');
  if (name.length > 100 || !NAME.test(name)) {
    throw new InvalidApplicationNameException(
      `The application name '${name}' is invalid: use 1 to 100 letters, digits and the characters + = , . @ _ -.`,
    );
  }
  return name;
}

export function groupName(input: Record<string, unknown>, key = 'deploymentGroupName'): string {
  const name = str(input, key);
  if (!name) throw new DeploymentGroupNameRequiredException('The deployment group name must be specified.');
  if (name.length > 100 || !NAME.test(name)) {
    throw new InvalidDeploymentGroupNameException(
      `The deployment group name '${name}' is invalid: use 1 to 100 letters, digits and the characters + = , . @ _ -.`,
    );
  }
  return name;
}

/** Pages through a sorted list with an opaque token. */
export function page<T>(
  items: readonly T[],
  nextToken: unknown,
  size = 100,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    start = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString()) : NaN;
    if (!Number.isInteger(start) || start < 0 || start > items.length) {
      throw new InvalidNextTokenException('The next token was not returned by a previous call.');
    }
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}

import { DeploymentConfigDoesNotExistException, InvalidDeploymentConfigNameException } from './errors.js';
import type { DeployReader } from './store.js';
import { PREDEFINED_LAMBDA_CONFIGS, PREDEFINED_OTHER_CONFIGS, type TrafficRouting } from './traffic.js';

/** Resolves a config name to its traffic routing (predefined Lambda configs, then custom ones). */
export function routingFor(reader: DeployReader, name: string): TrafficRouting {
  const predefined = PREDEFINED_LAMBDA_CONFIGS[name];
  if (predefined) return predefined;
  if (PREDEFINED_OTHER_CONFIGS[name]) {
    throw new InvalidDeploymentConfigNameException(
      `The deployment configuration ${name} is for the ${PREDEFINED_OTHER_CONFIGS[name]} compute platform; use a Lambda configuration such as CodeDeployDefault.LambdaCanary10Percent5Minutes.`,
    );
  }
  const custom = reader.config(name);
  if (!custom)
    throw new DeploymentConfigDoesNotExistException(`No deployment configuration found for name: ${name}`);
  return custom.routing;
}

import type { ConfigRecord } from '../../deployments/records.js';
import {
  PREDEFINED_LAMBDA_CONFIGS,
  PREDEFINED_OTHER_CONFIGS,
  PREDEFINED_PREFIX,
  routingProblem,
  type TrafficRouting,
} from '../../deployments/traffic.js';
import {
  DeploymentConfigAlreadyExistsException,
  DeploymentConfigDoesNotExistException,
  DeploymentConfigInUseException,
  DeploymentConfigNameRequiredException,
  InvalidComputePlatformException,
  InvalidDeploymentConfigNameException,
  InvalidOperationException,
  InvalidTrafficRoutingConfigurationException,
} from '../../deployments/errors.js';
import { page, str, type CodeDeployOperation } from './operation.js';
import { trafficRoutingConfig } from './wire.js';

/** Stable ids for the predefined configs (AWS gives each a fixed id too). */
const PREDEFINED_EPOCH = Date.UTC(2017, 10, 28) / 1000;

function configName(input: Record<string, unknown>): string {
  const name = str(input, 'deploymentConfigName');
  if (!name)
    throw new DeploymentConfigNameRequiredException('The deployment configuration name must be specified.');
  if (name.length > 100 || !/^[A-Za-z0-9.+=,@_-]+$/.test(name)) {
    throw new InvalidDeploymentConfigNameException(`The deployment configuration name '${name}' is invalid.`);
  }
  return name;
}

function routingFrom(value: unknown): TrafficRouting {
  const config = (value ?? {}) as Record<string, unknown>;
  const number = (o: unknown, key: string): number =>
    Number((o as Record<string, unknown> | undefined)?.[key]);
  let routing: TrafficRouting;
  switch (config['type']) {
    case 'AllAtOnce':
      routing = { type: 'AllAtOnce' };
      break;
    case 'TimeBasedCanary':
      routing = {
        type: 'TimeBasedCanary',
        canaryPercentage: number(config['timeBasedCanary'], 'canaryPercentage'),
        canaryIntervalMinutes: number(config['timeBasedCanary'], 'canaryInterval'),
      };
      break;
    case 'TimeBasedLinear':
      routing = {
        type: 'TimeBasedLinear',
        linearPercentage: number(config['timeBasedLinear'], 'linearPercentage'),
        linearIntervalMinutes: number(config['timeBasedLinear'], 'linearInterval'),
      };
      break;
    default:
      throw new InvalidTrafficRoutingConfigurationException(
        'trafficRoutingConfig.type must be TimeBasedCanary, TimeBasedLinear or AllAtOnce.',
      );
  }
  const problem = routingProblem(routing);
  if (problem) throw new InvalidTrafficRoutingConfigurationException(problem);
  return routing;
}

export const createDeploymentConfig: CodeDeployOperation = async (input, { store, clock, random }) => {
  const name = configName(input);
  if (name.startsWith(PREDEFINED_PREFIX)) {
    throw new InvalidDeploymentConfigNameException(
      `Custom deployment configuration names cannot start with ${PREDEFINED_PREFIX}`,
    );
  }
  if ((input['computePlatform'] ?? 'Server') !== 'Lambda') {
    throw new InvalidComputePlatformException(
      'gradual supports Lambda deployment configurations only: set computePlatform to Lambda.',
    );
  }
  const config: ConfigRecord = {
    id: random.uuid(),
    name,
    createTime: clock.now(),
    routing: routingFrom(input['trafficRoutingConfig']),
  };
  await store.transact((r) => {
    if (r.config(name))
      throw new DeploymentConfigAlreadyExistsException(
        `A deployment configuration named ${name} already exists.`,
      );
    return { changes: [{ kind: 'putConfig', config }], result: undefined };
  });
  return { deploymentConfigId: config.id };
};

function predefinedInfo(name: string): Record<string, unknown> | undefined {
  const routing = PREDEFINED_LAMBDA_CONFIGS[name];
  const other = PREDEFINED_OTHER_CONFIGS[name];
  if (!routing && !other) return undefined;
  return {
    deploymentConfigId: `00000000-0000-4000-8000-${Buffer.from(name).toString('hex').slice(-12).padStart(12, '0')}`,
    deploymentConfigName: name,
    createTime: PREDEFINED_EPOCH,
    computePlatform: routing ? 'Lambda' : other,
    ...(routing ? { trafficRoutingConfig: trafficRoutingConfig(routing) } : {}),
  };
}

export const getDeploymentConfig: CodeDeployOperation = async (input, { store }) => {
  const name = configName(input);
  const predefined = predefinedInfo(name);
  if (predefined) return { deploymentConfigInfo: predefined };
  const config = await store.read((r) => r.config(name));
  if (!config)
    throw new DeploymentConfigDoesNotExistException(`No deployment configuration found for name: ${name}`);
  return {
    deploymentConfigInfo: {
      deploymentConfigId: config.id,
      deploymentConfigName: config.name,
      createTime: config.createTime / 1000,
      computePlatform: 'Lambda',
      trafficRoutingConfig: trafficRoutingConfig(config.routing),
    },
  };
};

export const listDeploymentConfigs: CodeDeployOperation = async (input, { store }) => {
  const custom = await store.read((r) => r.configs().map((c) => c.name));
  const names = [
    ...Object.keys(PREDEFINED_OTHER_CONFIGS),
    ...Object.keys(PREDEFINED_LAMBDA_CONFIGS),
    ...custom,
  ];
  const { items, nextToken } = page(names, input['nextToken']);
  return { deploymentConfigsList: items, ...(nextToken ? { nextToken } : {}) };
};

export const deleteDeploymentConfig: CodeDeployOperation = async (input, { store }) => {
  const name = configName(input);
  if (predefinedInfo(name))
    throw new InvalidOperationException(`The predefined deployment configuration ${name} cannot be deleted.`);
  await store.transact((r) => {
    if (!r.config(name)) return { changes: [], result: undefined };
    const users = r.groupsUsingConfig(name);
    if (users.length > 0) {
      throw new DeploymentConfigInUseException(
        `The deployment configuration ${name} is used by deployment groups: ${users.join(', ')}.`,
      );
    }
    return { changes: [{ kind: 'deleteConfig', name }], result: undefined };
  });
  return undefined;
};

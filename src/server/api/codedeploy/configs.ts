import { z } from 'zod';
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
import { operation } from '../operation.js';
import { named, page, refuse, shown } from './input.js';
import type { CodeDeployDeps } from './operation.js';
import { trafficRoutingConfig } from './wire.js';

/** Stable ids for the predefined configs (AWS gives each a fixed id too). */
const PREDEFINED_EPOCH = Date.UTC(2017, 10, 28) / 1000;

const deploymentConfigName = named(z.string().regex(/^[A-Za-z0-9.+=,@_-]{1,100}$/), (value) =>
  value === undefined || value === ''
    ? new DeploymentConfigNameRequiredException('The deployment configuration name must be specified.')
    : new InvalidDeploymentConfigNameException(
        `The deployment configuration name '${shown(value)}' is invalid.`,
      ),
);

const minutes = z.coerce.number();
const badType = () =>
  new InvalidTrafficRoutingConfigurationException(
    'trafficRoutingConfig.type must be TimeBasedCanary, TimeBasedLinear or AllAtOnce.',
  );

/** `trafficRoutingConfig`: the routing, checked against CodeDeploy's limits. */
const trafficRouting = named(
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('AllAtOnce') }),
    z.object({
      type: z.literal('TimeBasedCanary'),
      timeBasedCanary: z.object({ canaryPercentage: minutes, canaryInterval: minutes }).partial().default({}),
    }),
    z.object({
      type: z.literal('TimeBasedLinear'),
      timeBasedLinear: z.object({ linearPercentage: minutes, linearInterval: minutes }).partial().default({}),
    }),
  ]),
  badType,
).transform((config, ctx): TrafficRouting => {
  const routing: TrafficRouting =
    config.type === 'AllAtOnce'
      ? { type: 'AllAtOnce' }
      : config.type === 'TimeBasedCanary'
        ? {
            type: 'TimeBasedCanary',
            canaryPercentage: config.timeBasedCanary.canaryPercentage ?? NaN,
            canaryIntervalMinutes: config.timeBasedCanary.canaryInterval ?? NaN,
          }
        : {
            type: 'TimeBasedLinear',
            linearPercentage: config.timeBasedLinear.linearPercentage ?? NaN,
            linearIntervalMinutes: config.timeBasedLinear.linearInterval ?? NaN,
          };
  const problem = routingProblem(routing);
  return problem ? refuse(ctx, new InvalidTrafficRoutingConfigurationException(problem)) : routing;
});

export const createDeploymentConfig = operation(
  'CreateDeploymentConfig',
  () =>
    z.object({
      deploymentConfigName: deploymentConfigName.check((ctx) => {
        if (ctx.value.startsWith(PREDEFINED_PREFIX))
          ctx.issues.push({
            code: 'custom',
            input: ctx.value,
            message: 'reserved name',
            params: {
              error: new InvalidDeploymentConfigNameException(
                `Custom deployment configuration names cannot start with ${PREDEFINED_PREFIX}`,
              ),
            },
          });
      }),
      computePlatform: named(
        z.literal('Lambda'),
        () =>
          new InvalidComputePlatformException(
            'gradual supports Lambda deployment configurations only: set computePlatform to Lambda.',
          ),
      ),
      trafficRoutingConfig: trafficRouting,
    }),
  async (input, { store, clock, random }: CodeDeployDeps) => {
    const name = input.deploymentConfigName;
    const config: ConfigRecord = {
      id: random.uuid(),
      name,
      createTime: clock.now(),
      routing: input.trafficRoutingConfig,
    };
    await store.transact((r) => {
      if (r.config(name))
        throw new DeploymentConfigAlreadyExistsException(
          `A deployment configuration named ${name} already exists.`,
        );
      return { changes: [{ kind: 'putConfig', config }], result: undefined };
    });
    return { deploymentConfigId: config.id };
  },
);

function predefinedInfo(name: string) {
  const routing = PREDEFINED_LAMBDA_CONFIGS[name];
  const other = PREDEFINED_OTHER_CONFIGS[name];
  if (!routing && !other) return undefined;
  return {
    deploymentConfigId: `00000000-0000-4000-8000-${Buffer.from(name).toString('hex').slice(-12).padStart(12, '0')}`,
    deploymentConfigName: name,
    createTime: PREDEFINED_EPOCH,
    computePlatform: routing ? 'Lambda' : other,
    trafficRoutingConfig: routing ? trafficRoutingConfig(routing) : undefined,
  };
}

export const getDeploymentConfig = operation(
  'GetDeploymentConfig',
  () => z.object({ deploymentConfigName }),
  async (input, { store }: CodeDeployDeps) => {
    const name = input.deploymentConfigName;
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
  },
);

export const listDeploymentConfigs = operation(
  'ListDeploymentConfigs',
  () => z.object({ nextToken: z.string().optional() }),
  async (input, { store }: CodeDeployDeps) => {
    const custom = await store.read((r) => r.configs().map((c) => c.name));
    const names = [
      ...Object.keys(PREDEFINED_OTHER_CONFIGS),
      ...Object.keys(PREDEFINED_LAMBDA_CONFIGS),
      ...custom,
    ];
    const { items, nextToken } = page(names, input.nextToken);
    return { deploymentConfigsList: items, nextToken };
  },
);

export const deleteDeploymentConfig = operation(
  'DeleteDeploymentConfig',
  () => z.object({ deploymentConfigName }),
  async (input, { store }: CodeDeployDeps) => {
    const name = input.deploymentConfigName;
    if (predefinedInfo(name))
      throw new InvalidOperationException(
        `The predefined deployment configuration ${name} cannot be deleted.`,
      );
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
  },
);

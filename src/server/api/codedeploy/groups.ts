import { z } from 'zod';
import { DEFAULT_LAMBDA_CONFIG } from '../../deployments/traffic.js';
import { routingFor } from '../../deployments/configs.js';
import type { GroupRecord } from '../../deployments/records.js';
import type { DeployReader } from '../../deployments/store.js';
import {
  DeploymentGroupAlreadyExistsException,
  InvalidComputePlatformException,
  InvalidDeploymentStyleException,
  InvalidInputException,
  InvalidRoleException,
  noApplication,
  noGroup,
  RoleRequiredException,
} from '../../deployments/errors.js';
import { operation } from '../operation.js';
import { applicationName, batch, groupName, named, page, refuse, tags, shown } from './input.js';
import type { CodeDeployDeps } from './operation.js';
import {
  alarmConfiguration,
  autoRollbackConfiguration,
  gradualOptions,
  gradualOptionsJson,
} from './settings.js';
import { groupInfo } from './wire.js';

const ROLE = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
/** Members that only mean something for EC2, on-premises or ECS deployments. */
const FOREIGN = [
  'ec2TagFilters',
  'onPremisesInstanceTagFilters',
  'autoScalingGroups',
  'ec2TagSet',
  'onPremisesTagSet',
  'ecsServices',
  'loadBalancerInfo',
  'blueGreenDeploymentConfiguration',
] as const;

function lambdaApplication(r: DeployReader, name: string): void {
  const app = r.application(name);
  if (!app) throw noApplication(name);
  if (app.computePlatform !== 'Lambda') {
    throw new InvalidComputePlatformException(
      `gradual deploys Lambda functions only: application ${name} has the compute platform ${app.computePlatform}.`,
    );
  }
}

const serviceRoleArn = named(z.string().regex(ROLE).optional(), (value) => {
  return new InvalidRoleException(`The service role ARN '${shown(value)}' is not an IAM role ARN.`);
});

const deploymentStyle = named(
  z
    .object({ deploymentType: z.literal('BLUE_GREEN'), deploymentOption: z.literal('WITH_TRAFFIC_CONTROL') })
    .optional(),
  () =>
    new InvalidDeploymentStyleException(
      'Lambda deployment groups use deploymentType BLUE_GREEN with deploymentOption WITH_TRAFFIC_CONTROL.',
    ),
);

/** EC2, on-premises and ECS members, refused unless empty. */
const foreign = z
  .object(Object.fromEntries(FOREIGN.map((key) => [key, z.unknown().optional()])))
  .check((ctx) => {
    const used = FOREIGN.filter((key) => {
      const v = ctx.value[key];
      return (
        v !== undefined &&
        !(Array.isArray(v) && v.length === 0) &&
        !(typeof v === 'object' && v !== null && Object.keys(v).length === 0)
      );
    });
    if (used.length > 0)
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: 'foreign members',
        params: {
          error: new InvalidInputException(`${used.join(', ')} do not apply to Lambda deployment groups.`),
        },
      });
  });

/** The settings CreateDeploymentGroup and UpdateDeploymentGroup share. */
const settings = z.object({
  deploymentStyle,
  serviceRoleArn,
  deploymentConfigName: z.string().optional(),
  alarmConfiguration,
  autoRollbackConfiguration,
  gradualOptions: gradualOptions.optional(),
});

export const createDeploymentGroup = operation(
  'CreateDeploymentGroup',
  () =>
    z
      .object({ applicationName, deploymentGroupName: groupName, tags })
      .and(foreign)
      .and(settings)
      .transform((input, ctx) =>
        input.serviceRoleArn === undefined
          ? refuse(ctx, new RoleRequiredException('A service role ARN is required (serviceRoleArn).'))
          : { ...input, serviceRoleArn: input.serviceRoleArn },
      ),
  async (input, { store, random }: CodeDeployDeps) => {
    const app = input.applicationName;
    const name = input.deploymentGroupName;
    const group: GroupRecord = {
      id: random.uuid(),
      applicationName: app,
      name,
      serviceRoleArn: input.serviceRoleArn,
      deploymentConfigName: input.deploymentConfigName ?? DEFAULT_LAMBDA_CONFIG,
      alarmConfiguration: input.alarmConfiguration ?? {
        enabled: false,
        ignorePollAlarmFailure: false,
        alarms: [],
      },
      autoRollbackConfiguration: input.autoRollbackConfiguration ?? { enabled: false, events: [] },
      triggerConfigurations: [],
      tags: input.tags,
      options: input.gradualOptions?.options ?? {},
    };
    await store.transact((r) => {
      lambdaApplication(r, app);
      routingFor(r, group.deploymentConfigName);
      if (r.group(app, name))
        throw new DeploymentGroupAlreadyExistsException(
          `A deployment group named ${name} already exists for application ${app}.`,
        );
      return { changes: [{ kind: 'putGroup', group }], result: undefined };
    });
    return { deploymentGroupId: group.id };
  },
);

function describe(r: DeployReader, group: GroupRecord): Record<string, unknown> {
  const info = groupInfo(
    group,
    r.application(group.applicationName)?.computePlatform ?? 'Lambda',
    r.lastDeployments(group.applicationName, group.name),
  );
  const options = gradualOptionsJson(group.options);
  return Object.keys(options).length > 0 ? { ...info, gradualOptions: options } : info;
}

export const getDeploymentGroup = operation(
  'GetDeploymentGroup',
  () => z.object({ applicationName, deploymentGroupName: groupName }),
  async (input, { store }: CodeDeployDeps) =>
    store.read((r) => {
      if (!r.application(input.applicationName)) throw noApplication(input.applicationName);
      const group = r.group(input.applicationName, input.deploymentGroupName);
      if (!group) throw noGroup(input.deploymentGroupName);
      return { deploymentGroupInfo: describe(r, group) };
    }),
);

export const updateDeploymentGroup = operation(
  'UpdateDeploymentGroup',
  () =>
    z
      .object({
        applicationName,
        currentDeploymentGroupName: groupName,
        newDeploymentGroupName: groupName.optional(),
      })
      .and(foreign)
      .and(settings),
  async (input, { store }: CodeDeployDeps) => {
    const app = input.applicationName;
    const current = input.currentDeploymentGroupName;
    const rename = input.newDeploymentGroupName;
    await store.transact((r) => {
      lambdaApplication(r, app);
      const group = r.group(app, current);
      if (!group) throw noGroup(current);
      if (rename && rename !== current && r.group(app, rename)) {
        throw new DeploymentGroupAlreadyExistsException(
          `A deployment group named ${rename} already exists for application ${app}.`,
        );
      }
      const configName = input.deploymentConfigName ?? group.deploymentConfigName;
      routingFor(r, configName);
      const updated: GroupRecord = {
        ...group,
        name: rename ?? group.name,
        serviceRoleArn: input.serviceRoleArn ?? group.serviceRoleArn,
        deploymentConfigName: configName,
        alarmConfiguration: input.alarmConfiguration ?? group.alarmConfiguration,
        autoRollbackConfiguration: input.autoRollbackConfiguration ?? group.autoRollbackConfiguration,
        options: input.gradualOptions?.options ?? group.options,
      };
      return { changes: [{ kind: 'putGroup', group: updated, previousName: current }], result: undefined };
    });
    return { hooksNotCleanedUp: [] };
  },
);

export const listDeploymentGroups = operation(
  'ListDeploymentGroups',
  () => z.object({ applicationName, nextToken: z.string().optional() }),
  async (input, { store }: CodeDeployDeps) => {
    const app = input.applicationName;
    const names = await store.read((r) => {
      if (!r.application(app)) throw noApplication(app);
      return r.groups(app).map((g) => g.name);
    });
    const { items, nextToken } = page(names, input.nextToken);
    return { applicationName: app, deploymentGroups: items, nextToken };
  },
);

export const batchGetDeploymentGroups = operation(
  'BatchGetDeploymentGroups',
  () => z.object({ applicationName, deploymentGroupNames: batch }),
  async (input, { store }: CodeDeployDeps) => {
    const app = input.applicationName;
    const names = input.deploymentGroupNames;
    return store.read((r) => {
      if (!r.application(app)) throw noApplication(app);
      const found = names.map((n) => r.group(app, n));
      const missing = names.filter((_, i) => !found[i]);
      return {
        deploymentGroupsInfo: found
          .filter((g): g is GroupRecord => g !== undefined)
          .map((g) => describe(r, g)),
        errorMessage: missing.length > 0 ? `Deployment groups not found: ${missing.join(', ')}` : '',
      };
    });
  },
);

export const deleteDeploymentGroup = operation(
  'DeleteDeploymentGroup',
  () => z.object({ applicationName, deploymentGroupName: groupName }),
  async (input, { store }: CodeDeployDeps) => {
    const app = input.applicationName;
    const name = input.deploymentGroupName;
    await store.transact((r) => {
      if (!r.application(app)) throw noApplication(app);
      return r.group(app, name)
        ? { changes: [{ kind: 'deleteGroup', applicationName: app, name }], result: undefined }
        : { changes: [], result: undefined };
    });
    return { hooksNotCleanedUp: [] };
  },
);

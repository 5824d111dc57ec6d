import { DEFAULT_LAMBDA_CONFIG } from '../../deployments/traffic.js';
import type { GroupRecord } from '../../deployments/records.js';
import type { DeployReader } from '../../deployments/store.js';
import { noApplication, tagsOf } from './applications.js';
import {
  BatchLimitExceededException,
  DeploymentGroupAlreadyExistsException,
  DeploymentGroupDoesNotExistException,
  InvalidComputePlatformException,
  InvalidDeploymentStyleException,
  InvalidInputException,
  InvalidRoleException,
  RoleRequiredException,
} from '../../deployments/errors.js';
import { applicationName, groupName, page, str, type CodeDeployOperation } from './operation.js';
import {
  alarmConfiguration,
  autoRollbackConfiguration,
  gradualOptions,
  gradualOptionsJson,
  routingFor,
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
];

export function noGroup(name: string): DeploymentGroupDoesNotExistException {
  return new DeploymentGroupDoesNotExistException(`No Deployment Group found for name: ${name}`);
}

function lambdaApplication(r: DeployReader, name: string): void {
  const app = r.application(name);
  if (!app) throw noApplication(name);
  if (app.computePlatform !== 'Lambda') {
    throw new InvalidComputePlatformException(
      `gradual deploys Lambda functions only: application ${name} has the compute platform ${app.computePlatform}.`,
    );
  }
}

function checkRole(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new RoleRequiredException('A service role ARN is required (serviceRoleArn).');
    return undefined;
  }
  if (!ROLE.test(value))
    throw new InvalidRoleException(`The service role ARN '${value}' is not an IAM role ARN.`);
  return value;
}

function checkStyle(value: unknown): void {
  if (value === undefined) return;
  const style = value as Record<string, unknown>;
  if (style['deploymentType'] !== 'BLUE_GREEN' || style['deploymentOption'] !== 'WITH_TRAFFIC_CONTROL') {
    throw new InvalidDeploymentStyleException(
      'Lambda deployment groups use deploymentType BLUE_GREEN with deploymentOption WITH_TRAFFIC_CONTROL.',
    );
  }
}

function refuseForeign(input: Record<string, unknown>): void {
  const used = FOREIGN.filter((key) => {
    const v = input[key];
    return (
      v !== undefined &&
      !(Array.isArray(v) && v.length === 0) &&
      !(typeof v === 'object' && v !== null && Object.keys(v).length === 0)
    );
  });
  if (used.length > 0)
    throw new InvalidInputException(`${used.join(', ')} do not apply to Lambda deployment groups.`);
}

export const createDeploymentGroup: CodeDeployOperation = async (input, { store, random }) => {
  const app = applicationName(input);
  const name = groupName(input);
  refuseForeign(input);
  checkStyle(input['deploymentStyle']);
  const group: GroupRecord = {
    id: random.uuid(),
    applicationName: app,
    name,
    serviceRoleArn: checkRole(str(input, 'serviceRoleArn'), true)!,
    deploymentConfigName: str(input, 'deploymentConfigName') ?? DEFAULT_LAMBDA_CONFIG,
    alarmConfiguration: alarmConfiguration(input['alarmConfiguration']) ?? {
      enabled: false,
      ignorePollAlarmFailure: false,
      alarms: [],
    },
    autoRollbackConfiguration: autoRollbackConfiguration(input['autoRollbackConfiguration']) ?? {
      enabled: false,
      events: [],
    },
    triggerConfigurations: [],
    tags: tagsOf(input['tags']),
    options: gradualOptions(input['gradualOptions']),
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
};

function describe(r: DeployReader, group: GroupRecord): Record<string, unknown> {
  const info = groupInfo(
    group,
    r.application(group.applicationName)?.computePlatform ?? 'Lambda',
    r.lastDeployments(group.applicationName, group.name),
  );
  const options = gradualOptionsJson(group.options);
  return Object.keys(options).length > 0 ? { ...info, gradualOptions: options } : info;
}

export const getDeploymentGroup: CodeDeployOperation = async (input, { store }) => {
  const app = applicationName(input);
  const name = groupName(input);
  return store.read((r) => {
    if (!r.application(app)) throw noApplication(app);
    const group = r.group(app, name);
    if (!group) throw noGroup(name);
    return { deploymentGroupInfo: describe(r, group) };
  });
};

export const updateDeploymentGroup: CodeDeployOperation = async (input, { store }) => {
  const app = applicationName(input);
  const current = groupName(input, 'currentDeploymentGroupName');
  const rename =
    input['newDeploymentGroupName'] === undefined ? undefined : groupName(input, 'newDeploymentGroupName');
  refuseForeign(input);
  checkStyle(input['deploymentStyle']);
  const role = checkRole(str(input, 'serviceRoleArn'), false);
  const alarms = alarmConfiguration(input['alarmConfiguration']);
  const rollback = autoRollbackConfiguration(input['autoRollbackConfiguration']);
  const options = input['gradualOptions'] === undefined ? undefined : gradualOptions(input['gradualOptions']);
  await store.transact((r) => {
    lambdaApplication(r, app);
    const group = r.group(app, current);
    if (!group) throw noGroup(current);
    if (rename && rename !== current && r.group(app, rename)) {
      throw new DeploymentGroupAlreadyExistsException(
        `A deployment group named ${rename} already exists for application ${app}.`,
      );
    }
    const configName = str(input, 'deploymentConfigName') ?? group.deploymentConfigName;
    routingFor(r, configName);
    const updated: GroupRecord = {
      ...group,
      name: rename ?? group.name,
      serviceRoleArn: role ?? group.serviceRoleArn,
      deploymentConfigName: configName,
      alarmConfiguration: alarms ?? group.alarmConfiguration,
      autoRollbackConfiguration: rollback ?? group.autoRollbackConfiguration,
      options: options ?? group.options,
    };
    return { changes: [{ kind: 'putGroup', group: updated, previousName: current }], result: undefined };
  });
  return { hooksNotCleanedUp: [] };
};

export const listDeploymentGroups: CodeDeployOperation = async (input, { store }) => {
  const app = applicationName(input);
  const names = await store.read((r) => {
    if (!r.application(app)) throw noApplication(app);
    return r.groups(app).map((g) => g.name);
  });
  const { items, nextToken } = page(names, input['nextToken']);
  return { applicationName: app, deploymentGroups: items, ...(nextToken ? { nextToken } : {}) };
};

export const batchGetDeploymentGroups: CodeDeployOperation = async (input, { store }) => {
  const app = applicationName(input);
  const names = Array.isArray(input['deploymentGroupNames'])
    ? (input['deploymentGroupNames'] as unknown[]).map(String)
    : [];
  if (names.length > 100)
    throw new BatchLimitExceededException(
      'The maximum number of names or IDs allowed for this request (100) was exceeded.',
    );
  return store.read((r) => {
    if (!r.application(app)) throw noApplication(app);
    const found = names.map((n) => r.group(app, n));
    const missing = names.filter((_, i) => !found[i]);
    return {
      deploymentGroupsInfo: found.filter((g): g is GroupRecord => g !== undefined).map((g) => describe(r, g)),
      errorMessage: missing.length > 0 ? `Deployment groups not found: ${missing.join(', ')}` : '',
    };
  });
};

export const deleteDeploymentGroup: CodeDeployOperation = async (input, { store }) => {
  const app = applicationName(input);
  const name = groupName(input);
  await store.transact((r) => {
    if (!r.application(app)) throw noApplication(app);
    return r.group(app, name)
      ? { changes: [{ kind: 'deleteGroup', applicationName: app, name }], result: undefined }
      : { changes: [], result: undefined };
  });
  return { hooksNotCleanedUp: [] };
};

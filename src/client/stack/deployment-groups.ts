import {
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  GetApplicationCommand,
  GetDeploymentGroupCommand,
  UpdateDeploymentGroupCommand,
  type CodeDeployClient,
  type DeploymentGroupInfo,
} from '@aws-sdk/client-codedeploy';
import type { DeploymentPlan, FunctionPlan } from '../template/model.js';
import { orUndefined } from './sdk-errors.js';

/** The AppSpec SAM's alias UpdatePolicy hands CodeDeploy. */
export function appSpec(fn: FunctionPlan, alias: string, current: string, target: string): string {
  const spec = {
    version: '0.0',
    Resources: [
      {
        [fn.logicalId]: {
          Type: 'AWS::Lambda::Function',
          Properties: { Name: fn.name, Alias: alias, CurrentVersion: current, TargetVersion: target },
        },
      },
    ],
    Hooks: [
      ...(fn.deployment?.preTraffic ? [{ BeforeAllowTraffic: fn.deployment.preTraffic }] : []),
      ...(fn.deployment?.postTraffic ? [{ AfterAllowTraffic: fn.deployment.postTraffic }] : []),
    ],
  };
  return JSON.stringify(spec);
}

export async function ensureApplication(cd: CodeDeployClient, name: string): Promise<void> {
  const app = await orUndefined(
    cd.send(new GetApplicationCommand({ applicationName: name })),
    'ApplicationDoesNotExistException',
  );
  if (!app) await cd.send(new CreateApplicationCommand({ applicationName: name, computePlatform: 'Lambda' }));
}

const ROLLBACK_EVENTS = [
  'DEPLOYMENT_FAILURE',
  'DEPLOYMENT_STOP_ON_ALARM',
  'DEPLOYMENT_STOP_ON_REQUEST',
] as const;

/** SAM's `<Fn>DeploymentGroup`: config, alarms and automatic rollback from the DeploymentPreference. */
export async function ensureGroup(cd: CodeDeployClient, app: string, d: DeploymentPlan): Promise<void> {
  const desired = {
    deploymentConfigName: d.configName,
    alarmConfiguration: { enabled: d.alarms.length > 0, alarms: d.alarms.map((name) => ({ name })) },
    autoRollbackConfiguration: { enabled: true, events: [...ROLLBACK_EVENTS] },
  };
  const found = await orUndefined(
    cd.send(new GetDeploymentGroupCommand({ applicationName: app, deploymentGroupName: d.groupName })),
    'DeploymentGroupDoesNotExistException',
  );
  if (!found) {
    await cd.send(
      new CreateDeploymentGroupCommand({
        applicationName: app,
        deploymentGroupName: d.groupName,
        serviceRoleArn: 'arn:aws:iam::000000000000:role/CodeDeployServiceRole',
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        ...desired,
      }),
    );
    return;
  }
  if (sameGroup(found.deploymentGroupInfo!, desired)) return;
  await cd.send(
    new UpdateDeploymentGroupCommand({
      applicationName: app,
      currentDeploymentGroupName: d.groupName,
      ...desired,
    }),
  );
}

function sameGroup(
  info: DeploymentGroupInfo,
  desired: {
    deploymentConfigName: string;
    alarmConfiguration: { enabled: boolean; alarms: { name: string }[] };
  },
): boolean {
  const alarms = (info.alarmConfiguration?.alarms ?? []).map((a) => a.name).join(',');
  return (
    info.deploymentConfigName === desired.deploymentConfigName &&
    (info.alarmConfiguration?.enabled ?? false) === desired.alarmConfiguration.enabled &&
    alarms === desired.alarmConfiguration.alarms.map((a) => a.name).join(',') &&
    info.autoRollbackConfiguration?.enabled === true
  );
}

import { arnRef, ANY, str, strings, type Account, type ResourceRef } from './model.js';

/**
 * CodeDeploy's operations and their resources ("Actions, resources, and condition keys for AWS
 * CodeDeploy"): applications, deployment groups and deployment configurations. Operations on a
 * deployment are authorized against its deployment group, which only the server knows; that is
 * why hook functions' roles grant PutLifecycleEventHookExecutionStatus on
 * `deploymentgroup:<application>/*`, as SAM's documentation shows.
 */
type Input = Readonly<Record<string, unknown>>;

function application(account: Account, name: string | undefined): ResourceRef {
  return arnRef(`arn:aws:codedeploy:${account.region}:${account.accountId}:application:${name ?? ''}`);
}

function group(account: Account, app: string | undefined, name: string | undefined): ResourceRef {
  return arnRef(
    `arn:aws:codedeploy:${account.region}:${account.accountId}:deploymentgroup:${app ?? ''}/${name ?? ''}`,
  );
}

function config(account: Account, name: string | undefined): ResourceRef {
  return arnRef(`arn:aws:codedeploy:${account.region}:${account.accountId}:deploymentconfig:${name ?? ''}`);
}

const deploymentGroupOf = (id: string | undefined): ResourceRef => ({
  kind: 'deploymentGroupOf',
  deploymentId: id ?? '',
});

const byApplication = (a: Account, i: Input): ResourceRef[] => [application(a, str(i, 'applicationName'))];
const byGroup = (a: Account, i: Input): ResourceRef[] => [
  group(a, str(i, 'applicationName'), str(i, 'deploymentGroupName')),
];
const byConfig = (a: Account, i: Input): ResourceRef[] => [config(a, str(i, 'deploymentConfigName'))];
const byDeployment = (_a: Account, i: Input): ResourceRef[] => [deploymentGroupOf(str(i, 'deploymentId'))];

const RESOURCES: Readonly<Record<string, (account: Account, input: Input) => ResourceRef[]>> = {
  CreateApplication: byApplication,
  GetApplication: byApplication,
  UpdateApplication: byApplication,
  DeleteApplication: byApplication,
  BatchGetApplications: (a, i) => strings(i, 'applicationNames').map((n) => application(a, n)),
  ListDeploymentGroups: byApplication,
  RegisterApplicationRevision: byApplication,
  GetApplicationRevision: byApplication,
  ListApplicationRevisions: byApplication,
  CreateDeploymentGroup: byGroup,
  GetDeploymentGroup: byGroup,
  DeleteDeploymentGroup: byGroup,
  UpdateDeploymentGroup: (a, i) => [
    group(a, str(i, 'applicationName'), str(i, 'currentDeploymentGroupName')),
  ],
  BatchGetDeploymentGroups: (a, i) =>
    strings(i, 'deploymentGroupNames').map((n) => group(a, str(i, 'applicationName'), n)),
  CreateDeploymentConfig: byConfig,
  GetDeploymentConfig: byConfig,
  DeleteDeploymentConfig: byConfig,
  CreateDeployment: byGroup,
  ListDeployments: (a, i) => (str(i, 'deploymentGroupName') ? byGroup(a, i) : [ANY]),
  GetDeployment: byDeployment,
  StopDeployment: byDeployment,
  ContinueDeployment: byDeployment,
  ListDeploymentTargets: byDeployment,
  GetDeploymentTarget: byDeployment,
  BatchGetDeploymentTargets: byDeployment,
  PutLifecycleEventHookExecutionStatus: byDeployment,
  BatchGetDeployments: (_a, i) => strings(i, 'deploymentIds').map(deploymentGroupOf),
};

export function codeDeployResources(account: Account, operation: string, input: Input): ResourceRef[] {
  const resources = RESOURCES[operation]?.(account, input) ?? [ANY];
  return resources.length > 0 ? resources : [ANY];
}

export { config as deploymentConfigResource, deploymentGroupOf };

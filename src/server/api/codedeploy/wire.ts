import type { Deployment, LifecycleEventName } from '../../deployments/model.js';
import { LIFECYCLE_EVENTS } from '../../deployments/model.js';
import type { ApplicationRecord, GroupRecord } from '../../deployments/records.js';
import type { TrafficRouting } from '../../deployments/traffic.js';
import type { Account } from '../../functions/names.js';

/** CodeDeploy's JSON shapes. Timestamps are epoch seconds with fractional milliseconds. */
export const seconds = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : ms / 1000;

export const BLUE_GREEN = { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } as const;

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function applicationInfo(app: ApplicationRecord): Record<string, unknown> {
  return {
    applicationId: app.id,
    applicationName: app.name,
    createTime: seconds(app.createTime),
    linkedToGitHub: false,
    computePlatform: app.computePlatform,
  };
}

function deploymentSummary(d: Deployment | undefined): Record<string, unknown> | undefined {
  if (!d) return undefined;
  return compact({
    deploymentId: d.id,
    status: d.status,
    endTime: seconds(d.completeTime),
    createTime: seconds(d.createTime),
  });
}

export function groupInfo(
  group: GroupRecord,
  computePlatform: string,
  last: { attempted?: Deployment; succeeded?: Deployment },
): Record<string, unknown> {
  return compact({
    applicationName: group.applicationName,
    deploymentGroupId: group.id,
    deploymentGroupName: group.name,
    deploymentConfigName: group.deploymentConfigName,
    ec2TagFilters: [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: group.serviceRoleArn,
    targetRevision: last.attempted ? revisionLocation(last.attempted.revision) : undefined,
    triggerConfigurations: group.triggerConfigurations,
    alarmConfiguration: {
      enabled: group.alarmConfiguration.enabled,
      ignorePollAlarmFailure: group.alarmConfiguration.ignorePollAlarmFailure,
      alarms: group.alarmConfiguration.alarms.map((name) => ({ name })),
    },
    autoRollbackConfiguration: group.autoRollbackConfiguration,
    deploymentStyle: BLUE_GREEN,
    outdatedInstancesStrategy: 'UPDATE',
    lastSuccessfulDeployment: deploymentSummary(last.succeeded),
    lastAttemptedDeployment: deploymentSummary(last.attempted),
    computePlatform,
    terminationHookEnabled: false,
  });
}

export function trafficRoutingConfig(routing: TrafficRouting): Record<string, unknown> {
  switch (routing.type) {
    case 'AllAtOnce':
      return { type: 'AllAtOnce' };
    case 'TimeBasedCanary':
      return {
        type: 'TimeBasedCanary',
        timeBasedCanary: {
          canaryPercentage: routing.canaryPercentage,
          canaryInterval: routing.canaryIntervalMinutes,
        },
      };
    case 'TimeBasedLinear':
      return {
        type: 'TimeBasedLinear',
        timeBasedLinear: {
          linearPercentage: routing.linearPercentage,
          linearInterval: routing.linearIntervalMinutes,
        },
      };
  }
}

export function revisionLocation(revision: Deployment['revision']): Record<string, unknown> {
  // GetDeployment never returns the AppSpec content, only its hash (use GetApplicationRevision).
  return revision.revisionType === 'String'
    ? { revisionType: 'String', string: { sha256: revision.sha256 } }
    : { revisionType: 'AppSpecContent', appSpecContent: { sha256: revision.sha256 } };
}

/** The single target's status, which the deployment overview counts. */
export function targetStatus(d: Deployment): 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' {
  switch (d.status) {
    case 'Created':
      return 'Pending';
    case 'InProgress':
      return 'InProgress';
    case 'Succeeded':
      return 'Succeeded';
    default:
      return 'Failed';
  }
}

export function deploymentInfo(d: Deployment): Record<string, unknown> {
  const overview = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 };
  overview[targetStatus(d)] = 1;
  return compact({
    applicationName: d.applicationName,
    deploymentGroupName: d.groupName,
    deploymentConfigName: d.configName,
    deploymentId: d.id,
    previousRevision: d.previousRevision ? revisionLocation(d.previousRevision) : undefined,
    revision: revisionLocation(d.revision),
    status: d.status,
    errorInformation: d.error,
    createTime: seconds(d.createTime),
    startTime: seconds(d.startTime),
    completeTime: seconds(d.completeTime),
    deploymentOverview: overview,
    description: d.description,
    creator: d.creator,
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: d.autoRollback,
    updateOutdatedInstancesOnly: false,
    rollbackInfo: d.rollbackInfo,
    deploymentStyle: BLUE_GREEN,
    instanceTerminationWaitTimeStarted: false,
    fileExistsBehavior: 'DISALLOW',
    deploymentStatusMessages: [],
    computePlatform: 'Lambda',
    overrideAlarmConfiguration: d.overrideAlarmConfiguration
      ? {
          enabled: d.overrideAlarmConfiguration.enabled,
          ignorePollAlarmFailure: d.overrideAlarmConfiguration.ignorePollAlarmFailure,
          alarms: d.overrideAlarmConfiguration.alarms.map((name) => ({ name })),
        }
      : undefined,
  });
}

export function targetIdOf(d: Deployment): string | undefined {
  return d.spec ? `${d.spec.functionName}:${d.spec.alias}` : undefined;
}

export function deploymentTarget(d: Deployment, account: Account): Record<string, unknown> {
  const spec = d.spec!;
  const lastUpdate = Math.max(
    d.createTime,
    ...LIFECYCLE_EVENTS.map((name) => d.events[name].endTime ?? d.events[name].startTime ?? 0),
    d.completeTime ?? 0,
  );
  return {
    deploymentTargetType: 'LambdaTarget',
    lambdaTarget: {
      deploymentId: d.id,
      targetId: targetIdOf(d),
      targetArn: `arn:aws:lambda:${account.region}:${account.accountId}:function:${spec.functionName}:${spec.alias}`,
      status: targetStatus(d),
      lastUpdatedAt: seconds(lastUpdate),
      lifecycleEvents: LIFECYCLE_EVENTS.map((name: LifecycleEventName) => {
        const event = d.events[name];
        return compact({
          lifecycleEventName: name,
          diagnostics: event.diagnostics,
          startTime: seconds(event.startTime),
          endTime: seconds(event.endTime),
          status: event.status,
        });
      }),
      lambdaFunctionInfo: {
        functionName: spec.functionName,
        functionAlias: spec.alias,
        currentVersion: spec.currentVersion,
        targetVersion: spec.targetVersion,
        targetVersionWeight: d.targetWeight,
      },
    },
  };
}

import type { Deployment, LifecycleEventName } from '../../deployments/model.js';
import { LIFECYCLE_EVENTS } from '../../deployments/model.js';
import type { ApplicationRecord, GroupRecord } from '../../deployments/records.js';
import type { TrafficRouting } from '../../deployments/traffic.js';
import type { Account } from '../../functions/names.js';

import {
  alarmConfigurationInfo,
  BLUE_GREEN,
  compact,
  revisionLocation,
  seconds,
  targetStatus,
} from '../../deployments/view.js';

/** CodeDeploy's JSON shapes. Timestamps are epoch seconds with fractional milliseconds. */
export { deploymentInfo, seconds, targetStatus } from '../../deployments/view.js';

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
    alarmConfiguration: alarmConfigurationInfo(group.alarmConfiguration),
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

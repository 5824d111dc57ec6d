import {
  isHoldingForSample,
  setsWeight,
  type DeploymentInfo,
  type DeploymentView,
  type RevisionLocation,
} from '../../contracts/deployment-view.js';
import type { AlarmConfiguration, Deployment, RevisionRef } from './model.js';

/** Epoch seconds with fractional milliseconds, as CodeDeploy's JSON carries timestamps. */
export const seconds = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : ms / 1000;

export const BLUE_GREEN = { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' } as const;

/** The object without its undefined members, so they are left out of JSON rather than sent as null. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function revisionLocation(revision: RevisionRef): RevisionLocation {
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

export function alarmConfigurationInfo(alarms: AlarmConfiguration) {
  return {
    enabled: alarms.enabled,
    ignorePollAlarmFailure: alarms.ignorePollAlarmFailure,
    alarms: alarms.alarms.map((name) => ({ name })),
  };
}

/** CodeDeploy's DeploymentInfo of a deployment (GetDeployment, BatchGetDeployments). */
export function deploymentInfo(d: Deployment): DeploymentInfo {
  const overview = { Pending: 0, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 };
  overview[targetStatus(d)] = 1;
  return compact<DeploymentInfo>({
    applicationName: d.applicationName,
    deploymentGroupName: d.groupName,
    deploymentConfigName: d.configName,
    deploymentId: d.id,
    previousRevision: d.previousRevision ? revisionLocation(d.previousRevision) : undefined,
    revision: revisionLocation(d.revision),
    status: d.status,
    errorInformation: d.error,
    createTime: d.createTime / 1000,
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
      ? alarmConfigurationInfo(d.overrideAlarmConfiguration)
      : undefined,
  });
}

/** A deployment as gradual shows it: CodeDeploy's fields plus the schedule and the decision log. */
export function deploymentView(d: Deployment): DeploymentView {
  return {
    ...deploymentInfo(d),
    gradual: {
      target: d.spec ?? null,
      schedule: d.schedule.map((s) => ({ weight: s.weight, holdSeconds: s.holdMs / 1000 })),
      currentStep: d.phase.kind === 'shifting' ? d.phase.step : null,
      stepStartedAt: d.phase.kind === 'shifting' ? (d.phase.appliedAt ?? null) : null,
      stepsAppliedAt: d.log.filter((e) => e.event === 'shifted').map((e) => e.at),
      holdingForSample: isHoldingForSample(d.log) && d.phase.kind === 'shifting',
      phase: d.phase.kind,
      targetWeight: d.targetWeight,
      lifecycleEvents: d.events,
      hooks: Object.entries(d.hookExecutions).map(([executionId, h]) => ({
        executionId,
        event: h.event,
        functionName: h.functionName,
        status: h.status,
        ...(h.failure ? { failure: h.failure } : {}),
      })),
      alarms: d.alarms,
      decisionLog: d.log,
      judgement: d.judgement ?? null,
    },
  };
}

/** The target version's configured weight after each entry that set one (0 to 100). */
export function weightChanges(d: Deployment): { at: number; weight: number }[] {
  return d.log.filter(setsWeight).map((e) => ({ at: e.at, weight: e.weight }));
}

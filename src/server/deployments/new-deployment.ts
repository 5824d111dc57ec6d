import { parseAppSpec } from './appspec.js';
import { routingFor } from './configs.js';
import { freshEvents } from './endings.js';
import { DeploymentLimitExceededException, noApplication, noGroup } from './errors.js';
import type {
  AlarmConfiguration,
  AutoRollbackConfiguration,
  Deployment,
  GradualOptions,
  RevisionRef,
} from './model.js';
import type { GroupRecord, RevisionRecord } from './records.js';
import type { DeployDecision, DeployReader } from './store.js';
import { scheduleOf, type ShiftStep, type TrafficRouting } from './traffic.js';

/** How long a hook may take to report, unless gradualOptions say otherwise (AWS: one hour). */
const HOOK_TIMEOUT_MS = 3_600_000;

/** What CreateDeployment asks for, its input already checked. */
export interface DeploymentRequest {
  applicationName: string;
  groupName: string;
  /** The group's config when undefined. */
  configName: string | undefined;
  revision: RevisionRef;
  /** The AppSpec. */
  content: string;
  description: string | undefined;
  overrideAlarms: AlarmConfiguration | undefined;
  autoRollback: AutoRollbackConfiguration | undefined;
  options: Partial<GradualOptions>;
  /** An explicit schedule (gradualOptions) that replaces the config's traffic routing. */
  schedule: ShiftStep[] | undefined;
}

/** A deployment of `group` as CreateDeployment records it: created, not started, its AppSpec parsed. */
export function newDeployment(o: {
  id: string;
  now: number;
  request: DeploymentRequest;
  group: GroupRecord;
  configName: string;
  routing: TrafficRouting;
  previousRevision: RevisionRef | undefined;
}): Deployment {
  const { request, group, now } = o;
  const parsed = parseAppSpec(request.content);
  return {
    id: o.id,
    rev: 0,
    applicationName: request.applicationName,
    groupName: request.groupName,
    configName: o.configName,
    routing: o.routing,
    schedule: request.schedule ?? scheduleOf(o.routing),
    revision: request.revision,
    description: request.description,
    creator: 'user',
    createTime: now,
    startTime: undefined,
    completeTime: undefined,
    status: 'Created',
    error: undefined,
    alarms: request.overrideAlarms ?? group.alarmConfiguration,
    autoRollback: request.autoRollback ?? group.autoRollbackConfiguration,
    overrideAlarmConfiguration: request.overrideAlarms,
    rollbackInfo: undefined,
    spec: parsed.ok ? parsed.spec : undefined,
    specError: parsed.ok ? undefined : parsed.message,
    isRollback: false,
    phase: { kind: 'created' },
    events: freshEvents(),
    hookExecutions: {},
    targetWeight: 0,
    stopRequest: undefined,
    advanceRequested: false,
    fault: undefined,
    previousRevision: o.previousRevision,
    log: [
      {
        at: now,
        event: 'created',
        explicit: request.schedule !== undefined,
        // An explicit schedule replaces the config's traffic routing: say which one runs.
        reason: request.schedule
          ? 'Created with an explicit schedule (gradualOptions).'
          : `Created with ${o.configName}.`,
      },
    ],
    options: { hookTimeoutMs: HOOK_TIMEOUT_MS, ...group.options, ...request.options },
  };
}

/**
 * CreateDeployment's decision: refused when the application or group is unknown or the group
 * already has an active deployment; otherwise the new deployment, and its revision marked used.
 */
export function createDeployment(
  r: DeployReader,
  request: DeploymentRequest,
  ids: { id: string; now: number },
): DeployDecision<Deployment> {
  const { applicationName: app, groupName: name, revision: ref } = request;
  if (!r.application(app)) throw noApplication(app);
  const group = r.group(app, name);
  if (!group) throw noGroup(name);
  const active = r.activeDeployment(app, name);
  if (active) {
    throw new DeploymentLimitExceededException(
      `The Deployment Group '${name}' already has an active Deployment '${active.id}'`,
    );
  }
  const configName = request.configName ?? group.deploymentConfigName;
  const deployment = newDeployment({
    ...ids,
    request,
    group,
    configName,
    routing: routingFor(r, configName),
    previousRevision: r.lastDeployments(app, name).succeeded?.revision,
  });
  const known = r.revision(app, ref.sha256);
  const revision: RevisionRecord = {
    applicationName: app,
    sha256: ref.sha256,
    revisionType: ref.revisionType,
    content: request.content,
    description: known?.description ?? request.description,
    registerTime: known?.registerTime ?? ids.now,
    firstUsedTime: known?.firstUsedTime ?? ids.now,
    lastUsedTime: ids.now,
    deploymentGroups: [...new Set([...(known?.deploymentGroups ?? []), name])],
  };
  return {
    changes: [
      { kind: 'putDeployment', deployment },
      { kind: 'putRevision', revision },
    ],
    result: deployment,
  };
}

import { requestContinue, requestStop, requireDeployment } from '../../deployments/controls.js';
import { createHash } from 'node:crypto';
import { parseAppSpec } from '../../deployments/appspec.js';
import { freshEvents } from '../../deployments/endings.js';
import type { Deployment, DeploymentStatus, RevisionRef } from '../../deployments/model.js';
import { DeploymentStatus as Status } from '../../deployments/model.js';
import type { RevisionRecord } from '../../deployments/records.js';
import { scheduleOf } from '../../deployments/traffic.js';
import { noApplication } from './applications.js';
import {
  BatchLimitExceededException,
  DeploymentIdRequiredException,
  DeploymentLimitExceededException,
  DescriptionTooLongException,
  InvalidDeploymentIdException,
  InvalidDeploymentStatusException,
  InvalidDeploymentWaitTypeException,
  InvalidIgnoreApplicationStopFailuresValueException,
  InvalidRevisionException,
  InvalidTimeRangeException,
  InvalidUpdateOutdatedInstancesOnlyValueException,
  RevisionRequiredException,
} from '../../deployments/errors.js';
import { noGroup } from './groups.js';
import {
  applicationName,
  groupName,
  page,
  str,
  type CodeDeployDeps,
  type CodeDeployOperation,
} from './operation.js';
import { OutOfSpaceError } from '../../capacity/out-of-space.js';
import {
  alarmConfiguration,
  autoRollbackConfiguration,
  gradualOptions,
  routingFor,
  scheduleOption,
} from './settings.js';
import { deploymentInfo } from './wire.js';

const HOUR_MS = 3_600_000;

/** Reads an inline revision: AppSpec content as AppSpecContent or String, its sha256 checked. */
export function inlineRevision(value: unknown): { ref: RevisionRef; content: string } {
  if (!value || typeof value !== 'object')
    throw new RevisionRequiredException('A revision must be specified.');
  const revision = value as Record<string, unknown>;
  const type = revision['revisionType'];
  const holder =
    type === 'AppSpecContent'
      ? revision['appSpecContent']
      : type === 'String'
        ? revision['string']
        : undefined;
  if (type === 'S3' || type === 'GitHub') {
    throw new InvalidRevisionException(
      `gradual keeps no ${type} revisions: send the AppSpec inline (revisionType AppSpecContent with appSpecContent.content).`,
    );
  }
  if (!holder || typeof holder !== 'object') {
    throw new InvalidRevisionException(
      'The revision must be of type AppSpecContent (or String) with its content.',
    );
  }
  const content = (holder as Record<string, unknown>)['content'];
  if (typeof content !== 'string' || content.length === 0)
    throw new InvalidRevisionException('The revision content is missing.');
  const actual = createHash('sha256').update(content).digest('hex');
  const given = (holder as Record<string, unknown>)['sha256'];
  if (given !== undefined && given !== actual) {
    throw new InvalidRevisionException(
      `The sha256 of the revision (${JSON.stringify(given)}) does not match its content (${actual}).`,
    );
  }
  return { ref: { revisionType: type === 'String' ? 'String' : 'AppSpecContent', sha256: actual }, content };
}

export const createDeployment: CodeDeployOperation = async (input, deps) => {
  const { store, clock, engine } = deps;
  const app = applicationName(input);
  const group = groupName(input);
  const { ref, content } = inlineRevision(input['revision']);
  const description = str(input, 'description');
  if (description !== undefined && description.length > 256) {
    throw new DescriptionTooLongException('The description is too long: at most 256 characters.');
  }
  if (input['ignoreApplicationStopFailures'] === true) {
    throw new InvalidIgnoreApplicationStopFailuresValueException(
      'For Lambda deployments, false is expected for ignoreApplicationStopFailures.',
    );
  }
  if (input['updateOutdatedInstancesOnly'] === true) {
    throw new InvalidUpdateOutdatedInstancesOnlyValueException(
      'For Lambda deployments, false is expected for updateOutdatedInstancesOnly.',
    );
  }
  const overrideAlarms = alarmConfiguration(input['overrideAlarmConfiguration']);
  const rollback = autoRollbackConfiguration(input['autoRollbackConfiguration']);
  const extra = gradualOptions(input['gradualOptions']);
  const explicitSchedule = scheduleOption(input['gradualOptions']);
  const parsed = parseAppSpec(content);
  admitDeployment(deps, content);
  const now = clock.now();
  const id = engine.newDeploymentId();

  const deployment = await store.transact((r) => {
    if (!r.application(app)) throw noApplication(app);
    const g = r.group(app, group);
    if (!g) throw noGroup(group);
    const active = r.activeDeployment(app, group);
    if (active) {
      throw new DeploymentLimitExceededException(
        `The Deployment Group '${group}' already has an active Deployment '${active.id}'`,
      );
    }
    const configName = str(input, 'deploymentConfigName') ?? g.deploymentConfigName;
    const routing = routingFor(r, configName);
    const d: Deployment = {
      id,
      rev: 0,
      applicationName: app,
      groupName: group,
      configName,
      routing,
      schedule: explicitSchedule ?? scheduleOf(routing),
      revision: ref,
      description,
      creator: 'user',
      createTime: now,
      startTime: undefined,
      completeTime: undefined,
      status: 'Created',
      error: undefined,
      alarms: overrideAlarms ?? g.alarmConfiguration,
      autoRollback: rollback ?? g.autoRollbackConfiguration,
      overrideAlarmConfiguration: overrideAlarms,
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
      previousRevision: r.lastDeployments(app, group).succeeded?.revision,
      log: [
        {
          at: now,
          event: 'created',
          // An explicit schedule replaces the config's traffic routing: say which one runs.
          reason: explicitSchedule
            ? 'Created with an explicit schedule (gradualOptions).'
            : `Created with ${configName}.`,
        },
      ],
      options: { hookTimeoutMs: HOUR_MS, ...g.options, ...extra },
    };
    const known = r.revision(app, ref.sha256);
    const revision: RevisionRecord = {
      applicationName: app,
      sha256: ref.sha256,
      revisionType: ref.revisionType,
      content,
      description: known?.description ?? description,
      registerTime: known?.registerTime ?? now,
      firstUsedTime: known?.firstUsedTime ?? now,
      lastUsedTime: now,
      deploymentGroups: [...new Set([...(known?.deploymentGroups ?? []), group])],
    };
    return {
      changes: [
        { kind: 'putDeployment', deployment: d },
        { kind: 'putRevision', revision },
      ],
      result: d,
    };
  });
  void engine.kick(deployment.id);
  return { deploymentId: deployment.id };
};

/** A deployment's record grows with its steps: refused when the data dir has no room for it. */
function admitDeployment(deps: CodeDeployDeps, content: string): void {
  try {
    deps.space?.admit({ kind: 'deployment', bytes: 2 * content.length + 64 * 1024 });
  } catch (error) {
    if (error instanceof OutOfSpaceError) throw new DeploymentLimitExceededException(error.message);
    throw error;
  }
}

export function deploymentIdOf(input: Record<string, unknown>): string {
  const id = str(input, 'deploymentId');
  if (!id) throw new DeploymentIdRequiredException('A deployment ID must be specified.');
  if (!/^d-[A-Z0-9]{9}$/.test(id))
    throw new InvalidDeploymentIdException(`The deployment ID '${id}' is not valid.`);
  return id;
}

export const getDeployment: CodeDeployOperation = async (input, deps) => {
  const d = await requireDeployment(deps, deploymentIdOf(input));
  return { deploymentInfo: deploymentInfo(d) };
};

export const batchGetDeployments: CodeDeployOperation = async (input, { store }) => {
  const ids = Array.isArray(input['deploymentIds']) ? (input['deploymentIds'] as unknown[]).map(String) : [];
  if (ids.length > 100)
    throw new BatchLimitExceededException(
      'The maximum number of names or IDs allowed for this request (100) was exceeded.',
    );
  const found = await store.read((r) =>
    ids.map((id) => r.deployment(id)).filter((d): d is Deployment => d !== undefined),
  );
  return { deploymentsInfo: found.map(deploymentInfo) };
};

const STATUSES: readonly string[] = Object.values(Status);

export const listDeployments: CodeDeployOperation = async (input, { store }) => {
  const app = input['applicationName'] === undefined ? undefined : applicationName(input);
  const group = input['deploymentGroupName'] === undefined ? undefined : groupName(input);
  if (group !== undefined && app === undefined) applicationName(input);
  if (app !== undefined && group === undefined) groupName(input);
  const statuses = Array.isArray(input['includeOnlyStatuses'])
    ? (input['includeOnlyStatuses'] as unknown[]).map(String)
    : [];
  const bad = statuses.find(
    (s) => !STATUSES.includes(s) && s !== 'Queued' && s !== 'Baking' && s !== 'Ready',
  );
  if (bad) throw new InvalidDeploymentStatusException(`The deployment status '${bad}' is not valid.`);
  const range = (input['createTimeRange'] ?? {}) as Record<string, unknown>;
  const after = typeof range['start'] === 'number' ? range['start'] * 1000 : undefined;
  const before = typeof range['end'] === 'number' ? range['end'] * 1000 : undefined;
  if (after !== undefined && before !== undefined && after > before) {
    throw new InvalidTimeRangeException('The start of the time range is after its end.');
  }
  const ids = await store.read((r) => {
    if (app !== undefined && !r.application(app)) throw noApplication(app);
    if (app !== undefined && group !== undefined && !r.group(app, group)) throw noGroup(group);
    return r.deploymentIds({
      ...(app !== undefined ? { applicationName: app } : {}),
      ...(group !== undefined ? { groupName: group } : {}),
      ...(statuses.length > 0 ? { statuses: statuses as DeploymentStatus[] } : {}),
      ...(after !== undefined ? { createdAfter: after } : {}),
      ...(before !== undefined ? { createdBefore: before } : {}),
    });
  });
  const { items, nextToken } = page(ids, input['nextToken']);
  return { deployments: items, ...(nextToken ? { nextToken } : {}) };
};

export const stopDeployment: CodeDeployOperation = async (input, deps) => {
  const id = deploymentIdOf(input);
  const rollback =
    typeof input['autoRollbackEnabled'] === 'boolean' ? input['autoRollbackEnabled'] : undefined;
  return requestStop(deps, id, rollback);
};

/**
 * For Lambda, gradual gives ContinueDeployment a meaning AWS has not: end the current step's
 * wait now (a fast-forward), releasing a step held for its minimum sample.
 */
export const continueDeployment: CodeDeployOperation = async (input, deps) => {
  const id = deploymentIdOf(input);
  const waitType = input['deploymentWaitType'] ?? 'READY_WAIT';
  if (waitType !== 'READY_WAIT' && waitType !== 'TERMINATION_WAIT') {
    throw new InvalidDeploymentWaitTypeException(`The wait type ${JSON.stringify(waitType)} is not valid.`);
  }
  await requestContinue(deps, id);
  return undefined;
};

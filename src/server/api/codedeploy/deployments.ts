import { z } from 'zod';
import type { ServiceError } from '../../../common/errors.js';
import { requestContinue, requestStop, requireDeployment } from '../../deployments/controls.js';
import {
  DeploymentLimitExceededException,
  DescriptionTooLongException,
  InvalidDeploymentStatusException,
  InvalidDeploymentWaitTypeException,
  InvalidIgnoreApplicationStopFailuresValueException,
  InvalidTimeRangeException,
  InvalidUpdateOutdatedInstancesOnlyValueException,
  noApplication,
  noGroup,
} from '../../deployments/errors.js';
import type { Deployment } from '../../deployments/model.js';
import { createDeployment as decideCreate } from '../../deployments/new-deployment.js';
import { deploymentInfo } from '../../deployments/view.js';
import { operation } from '../operation.js';
import { OutOfSpaceError } from '../../capacity/out-of-space.js';
import {
  applicationName,
  applicationNameError,
  batch,
  deploymentId,
  groupName,
  groupNameError,
  named,
  page,
  refuse,
  shown,
} from './input.js';
import type { CodeDeployDeps } from './operation.js';
import { inlineRevision } from './revision-input.js';
import { alarmConfiguration, autoRollbackConfiguration, gradualOptions } from './settings.js';

/** For Lambda, the value must be false (CodeDeploy API Reference, CreateDeployment). */
const mustBeFalse = (error: () => ServiceError) =>
  z
    .boolean()
    .optional()
    .check((ctx) => {
      if (ctx.value === true)
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: 'must be false',
          params: { error: error() },
        });
    });

export const createDeployment = operation(
  'CreateDeployment',
  () =>
    z.object({
      applicationName,
      deploymentGroupName: groupName,
      revision: inlineRevision,
      description: named(
        z.string().max(256).optional(),
        () => new DescriptionTooLongException('The description is too long: at most 256 characters.'),
      ),
      ignoreApplicationStopFailures: mustBeFalse(
        () =>
          new InvalidIgnoreApplicationStopFailuresValueException(
            'For Lambda deployments, false is expected for ignoreApplicationStopFailures.',
          ),
      ),
      updateOutdatedInstancesOnly: mustBeFalse(
        () =>
          new InvalidUpdateOutdatedInstancesOnlyValueException(
            'For Lambda deployments, false is expected for updateOutdatedInstancesOnly.',
          ),
      ),
      overrideAlarmConfiguration: alarmConfiguration,
      autoRollbackConfiguration,
      gradualOptions,
      deploymentConfigName: z.string().optional(),
    }),
  async (input, deps: CodeDeployDeps) => {
    const { store, clock, engine } = deps;
    admitDeployment(deps, input.revision.content);
    const ids = { id: engine.newDeploymentId(), now: clock.now() };
    const deployment = await store.transact((r) =>
      decideCreate(
        r,
        {
          applicationName: input.applicationName,
          groupName: input.deploymentGroupName,
          configName: input.deploymentConfigName,
          revision: input.revision.ref,
          content: input.revision.content,
          description: input.description,
          overrideAlarms: input.overrideAlarmConfiguration,
          autoRollback: input.autoRollbackConfiguration,
          options: input.gradualOptions.options,
          schedule: input.gradualOptions.schedule,
        },
        ids,
      ),
    );
    void engine.kick(deployment.id);
    return { deploymentId: deployment.id };
  },
);

/** A deployment's record grows with its steps: refused when the data dir has no room for it. */
function admitDeployment(deps: CodeDeployDeps, content: string): void {
  try {
    deps.space?.admit({ kind: 'deployment', bytes: 2 * content.length + 64 * 1024 });
  } catch (error) {
    if (error instanceof OutOfSpaceError) throw new DeploymentLimitExceededException(error.message);
    throw error;
  }
}

export const getDeployment = operation(
  'GetDeployment',
  () => z.object({ deploymentId }),
  async (input, deps: CodeDeployDeps) => ({
    deploymentInfo: deploymentInfo(await requireDeployment(deps, input.deploymentId)),
  }),
);

export const batchGetDeployments = operation(
  'BatchGetDeployments',
  () => z.object({ deploymentIds: batch }),
  async (input, { store }: CodeDeployDeps) => {
    const found = await store.read((r) =>
      input.deploymentIds.map((id) => r.deployment(id)).filter((d): d is Deployment => d !== undefined),
    );
    return { deploymentsInfo: found.map(deploymentInfo) };
  },
);

/** Statuses CodeDeploy knows; those a Lambda deployment never has match nothing. */
const STATUSES = [
  'Created',
  'Queued',
  'InProgress',
  'Baking',
  'Succeeded',
  'Failed',
  'Stopped',
  'Ready',
] as const;

const status = named(z.enum(STATUSES), (value) => {
  return new InvalidDeploymentStatusException(`The deployment status '${shown(value)}' is not valid.`);
});

export const listDeployments = operation(
  'ListDeployments',
  () =>
    z
      .object({
        applicationName: applicationName.optional(),
        deploymentGroupName: groupName.optional(),
        includeOnlyStatuses: z.array(status).default([]),
        createTimeRange: z.object({ start: z.number().optional(), end: z.number().optional() }).optional(),
        nextToken: z.string().optional(),
      })
      .transform((input, ctx) => {
        // Each names the other: an application without its group, or a group without its application.
        if (input.deploymentGroupName !== undefined && input.applicationName === undefined)
          return refuse(ctx, applicationNameError(undefined));
        if (input.applicationName !== undefined && input.deploymentGroupName === undefined)
          return refuse(ctx, groupNameError(undefined));
        const range = input.createTimeRange;
        if (range?.start !== undefined && range.end !== undefined && range.start > range.end)
          return refuse(ctx, new InvalidTimeRangeException('The start of the time range is after its end.'));
        return input;
      }),
  async (input, { store }: CodeDeployDeps) => {
    const app = input.applicationName;
    const group = input.deploymentGroupName;
    const after = input.createTimeRange?.start;
    const before = input.createTimeRange?.end;
    const statuses = input.includeOnlyStatuses.filter(
      (s) => s !== 'Queued' && s !== 'Baking' && s !== 'Ready',
    );
    if (statuses.length === 0 && input.includeOnlyStatuses.length > 0) return { deployments: [] };
    const ids = await store.read((r) => {
      if (app !== undefined && !r.application(app)) throw noApplication(app);
      if (app !== undefined && group !== undefined && !r.group(app, group)) throw noGroup(group);
      return r.deploymentIds({
        ...(app !== undefined ? { applicationName: app } : {}),
        ...(group !== undefined ? { groupName: group } : {}),
        ...(statuses.length > 0 ? { statuses } : {}),
        ...(after !== undefined ? { createdAfter: after * 1000 } : {}),
        ...(before !== undefined ? { createdBefore: before * 1000 } : {}),
      });
    });
    const { items, nextToken } = page(ids, input.nextToken);
    return { deployments: items, nextToken };
  },
);

export const stopDeployment = operation(
  'StopDeployment',
  () => z.object({ deploymentId, autoRollbackEnabled: z.boolean().optional() }),
  async (input, deps: CodeDeployDeps) => requestStop(deps, input.deploymentId, input.autoRollbackEnabled),
);

/**
 * For Lambda, gradual gives ContinueDeployment a meaning AWS has not: end the current step's
 * wait now (a fast-forward), releasing a step held for its minimum sample.
 */
export const continueDeployment = operation(
  'ContinueDeployment',
  () =>
    z.object({
      deploymentId,
      deploymentWaitType: named(
        z.enum(['READY_WAIT', 'TERMINATION_WAIT']).optional(),
        (value) =>
          new InvalidDeploymentWaitTypeException(`The wait type ${JSON.stringify(value)} is not valid.`),
      ),
    }),
  async (input, deps: CodeDeployDeps) => {
    await requestContinue(deps, input.deploymentId);
    return undefined;
  },
);

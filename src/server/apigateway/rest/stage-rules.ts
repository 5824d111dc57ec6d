import type { RestApiDecision } from './store.js';
import { requireApi } from './api-rules.js';
import { epochSeconds, type RestApiContext } from './context.js';
import { BadRequestException, ConflictException, NotFoundException, stageNotFound } from './errors.js';
import type { RestApiAggregate, StageRecord } from './model.js';

/** Stages and deployments after creation: UpdateStage's patch operations, deletions. */

export interface PatchOperation {
  op: string;
  path: string;
  value: string | undefined;
}

const VARIABLE_NAME = /^[A-Za-z0-9_]+$/;
const VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=,]+$/;
const SUPPORTED = 'replace /deploymentId, replace /description, add, replace or remove /variables/<name>';

function requireStage(agg: RestApiAggregate, stageName: string): StageRecord {
  const stage = agg.stages.get(stageName);
  if (!stage) throw stageNotFound();
  return stage;
}

function deploymentNotFound(): NotFoundException {
  return new NotFoundException('Invalid Deployment identifier specified');
}

/** Applies one patch operation to a stage (pure). */
function patchStage(stage: StageRecord, agg: RestApiAggregate, patch: PatchOperation): StageRecord {
  const { op, path, value } = patch;
  const variable = /^\/variables\/(.+)$/.exec(path)?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
  if (variable !== undefined && (op === 'add' || op === 'replace' || op === 'remove')) {
    if (!VARIABLE_NAME.test(variable)) {
      throw new BadRequestException(`Stage variable name '${variable}' must match [A-Za-z0-9_]+`);
    }
    const variables = { ...(stage.variables ?? {}) };
    if (op === 'remove') delete variables[variable];
    else {
      if (value === undefined || !VARIABLE_VALUE.test(value)) {
        throw new BadRequestException(
          `Stage variable value '${value ?? ''}' must match [A-Za-z0-9-._~:/?#&=,]+`,
        );
      }
      variables[variable] = value;
    }
    return { ...stage, variables };
  }
  if (op === 'replace' && path === '/deploymentId') {
    if (value === undefined || !agg.deployments.has(value)) throw deploymentNotFound();
    return { ...stage, deploymentId: value };
  }
  if (op === 'replace' && path === '/description') return { ...stage, description: value };
  throw new BadRequestException(`Invalid patch operation '${op} ${path}': gradual supports ${SUPPORTED}`);
}

export function decideUpdateStage(
  current: RestApiAggregate | undefined,
  input: { apiId: string; stageName: string; patchOperations: readonly PatchOperation[] },
  ctx: RestApiContext,
): RestApiDecision<StageRecord> {
  const agg = requireApi(current, input.apiId, ctx);
  let stage = requireStage(agg, input.stageName);
  for (const patch of input.patchOperations) stage = patchStage(stage, agg, patch);
  stage = { ...stage, lastUpdatedDate: epochSeconds(ctx.now) };
  return { changes: [{ kind: 'putStage', apiId: input.apiId, stage }], result: stage };
}

export interface CreateStageInput {
  apiId: string;
  stageName: string;
  deploymentId: string;
  description: string | undefined;
  variables: Record<string, string> | undefined;
}

/** A stage serving an existing deployment (CreateStage; CreateDeployment can also make one). */
export function decideCreateStage(
  current: RestApiAggregate | undefined,
  input: CreateStageInput,
  ctx: RestApiContext,
): RestApiDecision<StageRecord> {
  const agg = requireApi(current, input.apiId, ctx);
  if (!/^[a-zA-Z0-9_-]{1,128}$/.test(input.stageName))
    throw new BadRequestException('Stage name only allows a-zA-Z0-9_-');
  if (!agg.deployments.has(input.deploymentId)) throw deploymentNotFound();
  if (agg.stages.has(input.stageName)) throw new ConflictException('Stage already exists');
  for (const [name, value] of Object.entries(input.variables ?? {}))
    if (!VARIABLE_NAME.test(name) || !VARIABLE_VALUE.test(value))
      throw new BadRequestException(`Invalid stage variable ${name}=${value}`);
  const stage: StageRecord = {
    stageName: input.stageName,
    deploymentId: input.deploymentId,
    description: input.description,
    variables: input.variables,
    createdDate: epochSeconds(ctx.now),
    lastUpdatedDate: epochSeconds(ctx.now),
  };
  return { changes: [{ kind: 'putStage', apiId: input.apiId, stage }], result: stage };
}

export function decideDeleteStage(
  current: RestApiAggregate | undefined,
  input: { apiId: string; stageName: string },
  ctx: RestApiContext,
): RestApiDecision<undefined> {
  const agg = requireApi(current, input.apiId, ctx);
  requireStage(agg, input.stageName);
  return {
    changes: [{ kind: 'deleteStage', apiId: input.apiId, stageName: input.stageName }],
    result: undefined,
  };
}

export function decideDeleteDeployment(
  current: RestApiAggregate | undefined,
  input: { apiId: string; deploymentId: string },
  ctx: RestApiContext,
): RestApiDecision<undefined> {
  const agg = requireApi(current, input.apiId, ctx);
  if (!agg.deployments.has(input.deploymentId)) throw deploymentNotFound();
  if ([...agg.stages.values()].some((s) => s.deploymentId === input.deploymentId)) {
    throw new BadRequestException('Active stages pointing to this deployment must be moved or deleted');
  }
  return {
    changes: [{ kind: 'deleteDeployment', apiId: input.apiId, deploymentId: input.deploymentId }],
    result: undefined,
  };
}

export function requireDeployment(agg: RestApiAggregate, deploymentId: string) {
  const deployment = agg.deployments.get(deploymentId);
  if (!deployment) throw deploymentNotFound();
  return deployment;
}

import type { RestApiDecision } from './store.js';
import { epochSeconds, type RestApiContext } from './context.js';
import { apiNotFound, BadRequestException } from './errors.js';
import type {
  DeploymentRecord,
  ResourceRecord,
  RestApiAggregate,
  RestApiRecord,
  StageRecord,
} from './model.js';

export interface CreateRestApiInput {
  name: string;
  description: string | undefined;
  version: string | undefined;
  binaryMediaTypes: string[] | undefined;
  apiKeySource: string | undefined;
  endpointTypes: string[] | undefined;
  disableExecuteApiEndpoint: boolean | undefined;
  tags: Record<string, string> | undefined;
}

export function requireApi(
  current: RestApiAggregate | undefined,
  apiId: string,
  ctx: RestApiContext,
): RestApiAggregate {
  if (!current) throw apiNotFound(ctx.account.accountId, apiId);
  return current;
}

/** A new API with its root resource `/`; `apiId` was drawn by the caller (the key of the transaction). */
export function decideCreateRestApi(
  current: RestApiAggregate | undefined,
  apiId: string,
  input: CreateRestApiInput,
  ctx: RestApiContext,
): RestApiDecision<RestApiAggregate> {
  if (current) throw new BadRequestException(`REST API identifier ${apiId} is taken; try again`);
  if (input.name.trim() === '')
    throw new BadRequestException('Invalid REST API name specified: it must not be empty');
  const root: ResourceRecord = {
    id: ctx.newId(),
    parentId: undefined,
    pathPart: undefined,
    path: '/',
    methods: {},
  };
  const api: RestApiRecord = {
    id: apiId,
    name: input.name,
    description: input.description,
    version: input.version,
    createdDate: epochSeconds(ctx.now),
    rootResourceId: root.id,
    binaryMediaTypes: input.binaryMediaTypes,
    apiKeySource: input.apiKeySource ?? 'HEADER',
    endpointTypes: input.endpointTypes ?? ['EDGE'],
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    tags: input.tags,
  };
  return {
    changes: [
      { kind: 'putApi', api },
      { kind: 'putResource', apiId, resource: root },
    ],
    result: { api, resources: new Map([[root.id, root]]), deployments: new Map(), stages: new Map() },
  };
}

/** UpdateRestApi's patch operations: `replace /name` and `replace /description`. */
export function decideUpdateRestApi(
  current: RestApiAggregate | undefined,
  input: {
    apiId: string;
    patchOperations: readonly { op: string; path: string; value: string | undefined }[];
  },
  ctx: RestApiContext,
): RestApiDecision<RestApiRecord> {
  let api = requireApi(current, input.apiId, ctx).api;
  for (const { op, path, value } of input.patchOperations) {
    if (op === 'replace' && path === '/name' && value !== undefined && value.trim() !== '')
      api = { ...api, name: value };
    else if (op === 'replace' && path === '/description') api = { ...api, description: value };
    else
      throw new BadRequestException(
        `Invalid patch operation '${op} ${path}': gradual supports replace /name and replace /description`,
      );
  }
  return { changes: [{ kind: 'putApi', api }], result: api };
}

/** Deletes the API with its resources, deployments and stages. */
export function decideDeleteRestApi(
  current: RestApiAggregate | undefined,
  apiId: string,
  ctx: RestApiContext,
): RestApiDecision<undefined> {
  requireApi(current, apiId, ctx);
  return { changes: [{ kind: 'deleteApi', apiId }], result: undefined };
}

const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

export interface CreateDeploymentInput {
  stageName: string | undefined;
  stageDescription: string | undefined;
  description: string | undefined;
  variables: Record<string, string> | undefined;
}

/**
 * Snapshots the API's resources and methods. With a stage name, the stage is created (or moved)
 * to point at the new deployment, so what it serves changes only here, as in API Gateway.
 */
export function decideCreateDeployment(
  current: RestApiAggregate | undefined,
  apiId: string,
  input: CreateDeploymentInput,
  ctx: RestApiContext,
): RestApiDecision<DeploymentRecord> {
  const agg = requireApi(current, apiId, ctx);
  const resources = [...agg.resources.values()].sort((a, b) => a.path.localeCompare(b.path));
  const methods = resources.flatMap((r) => Object.values(r.methods).map((m) => ({ resource: r, method: m })));
  if (methods.length === 0) throw new BadRequestException("The REST API doesn't contain any methods");
  for (const { resource, method } of methods) {
    if (!method.integration) {
      throw new BadRequestException(
        `No integration defined for method (${method.httpMethod} ${resource.path})`,
      );
    }
  }
  const stageName = input.stageName;
  if (stageName !== undefined && !STAGE_NAME.test(stageName)) {
    throw new BadRequestException('Stage name only allows a-zA-Z0-9_-');
  }
  const deployment: DeploymentRecord = {
    id: ctx.newId(),
    description: input.description,
    createdDate: epochSeconds(ctx.now),
    resources: structuredClone(resources),
  };
  const changes: RestApiDecision<DeploymentRecord>['changes'][number][] = [
    { kind: 'putDeployment', apiId, deployment },
  ];
  if (stageName !== undefined) {
    const existing = agg.stages.get(stageName);
    const stage: StageRecord = existing
      ? {
          ...existing,
          deploymentId: deployment.id,
          variables: input.variables ?? existing.variables,
          lastUpdatedDate: epochSeconds(ctx.now),
        }
      : {
          stageName,
          deploymentId: deployment.id,
          description: input.stageDescription,
          variables: input.variables,
          createdDate: epochSeconds(ctx.now),
          lastUpdatedDate: epochSeconds(ctx.now),
        };
    changes.push({ kind: 'putStage', apiId, stage });
  }
  return { changes, result: deployment };
}

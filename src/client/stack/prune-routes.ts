import {
  CreateDeploymentCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  type APIGatewayClient,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import { RemovePermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { StackPlan } from '../template/model.js';
import { apiRoutes, routePermission, STAGE } from './gateway.js';

/** `function:<name>[:<qualifier>]` in an AWS_PROXY integration's URI. */
export function integrationTarget(uri: string | undefined): { name: string; qualifier?: string } | undefined {
  const match = /:function:([^:/]+)(?::([^:/]+))?\/invocations$/.exec(uri ?? '');
  if (!match) return undefined;
  return match[2] ? { name: match[1]!, qualifier: match[2] } : { name: match[1]! };
}

/** What of the stack's REST API the template no longer has. */
export interface RouteRemovals {
  apiId: string;
  /** No Api event left: the whole REST API goes. */
  deleteApi: boolean;
  methods: { resource: Resource; method: string }[];
  /** Resources no route uses any more, deepest first (the root always stays). */
  resources: Resource[];
}

export async function findRouteRemovals(
  apiGateway: APIGatewayClient,
  plan: StackPlan,
): Promise<RouteRemovals | undefined> {
  const apis = await apiGateway.send(new GetRestApisCommand({ limit: 500 }));
  const apiId = apis.items?.find((a) => a.name === plan.stackName)?.id;
  if (!apiId) return undefined;
  const routes = apiRoutes(plan);
  const listed = await apiGateway.send(
    new GetResourcesCommand({ restApiId: apiId, limit: 500, embed: ['methods'] }),
  );
  const resources = listed.items ?? [];
  const wanted = new Set(routes.map((r) => `${r.method} ${r.path}`));
  const removed: { resource: Resource; method: string }[] = [];
  for (const resource of resources)
    for (const method of Object.keys(resource.resourceMethods ?? {}))
      if (!wanted.has(`${method} ${resource.path!}`)) removed.push({ resource, method });

  if (routes.length === 0) return { apiId, deleteApi: true, methods: removed, resources: [] };
  if (removed.length === 0) return undefined;
  const kept = (path: string): boolean =>
    path === '/' || routes.some((r) => r.path === path || r.path.startsWith(`${path}/`));
  const empty = resources
    .filter((r) => !kept(r.path!))
    .sort((a, b) => b.path!.split('/').length - a.path!.split('/').length);
  return { apiId, deleteApi: false, methods: removed, resources: empty };
}

/**
 * Deletes each removed method with the permission SAM granted for it, then resources left empty,
 * and redeploys the stage; or the whole REST API when no Api event is left.
 */
export async function pruneRestApi(
  clients: { apiGateway: APIGatewayClient; lambda: LambdaClient },
  plan: StackPlan,
  removals: RouteRemovals,
  done: (line: string) => void,
): Promise<void> {
  const { apiGateway, lambda } = clients;
  const { apiId } = removals;
  const forget = async (resource: Resource, method: string): Promise<void> => {
    const target = integrationTarget(resource.resourceMethods?.[method]?.methodIntegration?.uri);
    if (!target) return;
    const { statementId } = routePermission(plan, apiId, method, resource.path!);
    await lambda
      .send(
        new RemovePermissionCommand({
          FunctionName: target.name,
          StatementId: statementId,
          ...(target.qualifier ? { Qualifier: target.qualifier } : {}),
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof Error && e.name === 'ResourceNotFoundException')) throw e;
      });
  };

  if (removals.deleteApi) {
    for (const { resource, method } of removals.methods) await forget(resource, method);
    await apiGateway.send(new DeleteRestApiCommand({ restApiId: apiId }));
    done(`REST API ${apiId}: deleted (no Api events left in the template)`);
    return;
  }
  for (const { resource, method } of removals.methods) {
    await forget(resource, method);
    await apiGateway.send(
      new DeleteMethodCommand({ restApiId: apiId, resourceId: resource.id!, httpMethod: method }),
    );
    done(`route ${method} ${resource.path!}: deleted (removed from the template)`);
  }
  for (const resource of removals.resources)
    await apiGateway.send(new DeleteResourceCommand({ restApiId: apiId, resourceId: resource.id! }));
  await apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: STAGE }));
  done(`REST API ${apiId}: deployed to stage ${STAGE} without the removed routes`);
}

import {
  CreateResourceCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  paginateGetResources,
  PutIntegrationCommand,
  PutMethodCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { putMockRoute, type MockRoute } from './openapi-mocks.js';
import { resourcePaths, type BodyRoute } from './openapi-routes.js';
import { unlessNotFound } from './one-call-provider.js';

interface Existing {
  id: string;
  methods: Set<string>;
}

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

/**
 * Makes a REST API's resources and methods those of its OpenAPI `Body`, through API Gateway's
 * own calls, as an import in `overwrite` mode does: missing resources are created, every route's
 * method put again with its Lambda proxy (or MOCK) integration, and what the body no longer has
 * deleted.
 * Stages keep serving their deployments meanwhile. Running it again after a crash converges.
 */
export async function importBody(
  apigateway: APIGatewayClient,
  restApiId: string,
  routes: readonly BodyRoute[],
  mocks: readonly MockRoute[] = [],
): Promise<void> {
  const paths = resourcePaths([...routes, ...mocks]);
  const byPath = new Map<string, Existing>();
  for await (const page of paginateGetResources({ client: apigateway }, { restApiId, embed: ['methods'] }))
    for (const r of page.items ?? [])
      byPath.set(r.path!, { id: r.id!, methods: new Set(Object.keys(r.resourceMethods ?? {})) });
  const wantedPaths = new Set(['/', ...paths]);
  for (const path of paths) {
    if (byPath.has(path)) continue;
    const made = await apigateway.send(
      new CreateResourceCommand({
        restApiId,
        parentId: byPath.get(parentOf(path))!.id,
        pathPart: path.slice(path.lastIndexOf('/') + 1),
      }),
    );
    byPath.set(path, { id: made.id!, methods: new Set() });
  }
  // Every method is put again (PutMethod refuses one that exists), so each is deleted first.
  for (const existing of byPath.values())
    for (const method of existing.methods)
      await apigateway
        .send(new DeleteMethodCommand({ restApiId, resourceId: existing.id, httpMethod: method }))
        .catch(unlessNotFound);
  for (const route of routes) {
    const resourceId = byPath.get(route.path)!.id;
    await apigateway.send(
      new PutMethodCommand({
        restApiId,
        resourceId,
        httpMethod: route.method,
        authorizationType: route.authorizationType,
      }),
    );
    await apigateway.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId,
        httpMethod: route.method,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: route.uri,
      }),
    );
  }
  for (const mock of mocks) await putMockRoute(apigateway, restApiId, byPath.get(mock.path)!.id, mock);
  // Deleting a resource deletes what is under it: only those whose parent stays are deleted.
  for (const [path, existing] of byPath)
    if (!wantedPaths.has(path) && wantedPaths.has(parentOf(path)))
      await apigateway
        .send(new DeleteResourceCommand({ restApiId, resourceId: existing.id }))
        .catch(unlessNotFound);
}

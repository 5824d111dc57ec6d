import {
  CreateIntegrationCommand,
  CreateRouteCommand,
  DeleteIntegrationCommand,
  DeleteRouteCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { errorName } from './names.js';
import type { BodyRoute } from './openapi-routes.js';
import { unlessNotFound } from './one-call-provider.js';

const routeKey = (r: BodyRoute): string => (r.path === '$default' ? '$default' : `${r.method} ${r.path}`);

/**
 * Makes an HTTP API's routes those of its OpenAPI `Body`, through API Gateway v2's calls: a
 * route that stays keeps its id and has its integration updated in place (its stage serves the
 * API live, so there is no gap), a new one gets an integration and a route, a dropped one is
 * deleted with its integration. Running it again after a crash converges.
 */
export async function importHttpBody(
  v2: ApiGatewayV2Client,
  apiId: string,
  routes: readonly BodyRoute[],
): Promise<void> {
  const existing = (await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? [];
  const integrations = new Set(
    ((await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items ?? []).map((i) => i.IntegrationId),
  );
  const integrationOf = (target: string | undefined) => /^integrations\/(\w+)$/.exec(target ?? '')?.[1];
  for (const route of routes) {
    const key = routeKey(route);
    const spec = { IntegrationUri: route.uri, PayloadFormatVersion: route.payloadFormatVersion ?? '2.0' };
    const found = existing.find((r) => r.RouteKey === key);
    const current = integrationOf(found?.Target);
    if (found && current && integrations.has(current)) {
      await v2.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: current, ...spec }));
      continue;
    }
    const made = await v2.send(
      new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', ...spec }),
    );
    const target = `integrations/${made.IntegrationId!}`;
    if (found)
      await v2.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: found.RouteId, Target: target }));
    else await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key, Target: target }));
  }
  const wanted = new Set(routes.map(routeKey));
  for (const route of existing) {
    if (wanted.has(route.RouteKey!)) continue;
    await v2.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: route.RouteId })).catch(unlessNotFound);
    const integration = integrationOf(route.Target);
    // Kept while another route still targets it (ConflictException).
    if (integration)
      await v2
        .send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integration }))
        .catch((e: unknown) => {
          if (errorName(e) !== 'ConflictException') unlessNotFound(e);
        });
  }
}

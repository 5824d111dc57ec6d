import {
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteRouteCommand,
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { AddPermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import type { FunctionPlan, StackPlan } from '../template/model.js';

/** SAM's implicit HTTP API's stage: served at the API's root, every change live (AutoDeploy). */
export const HTTP_STAGE = '$default';

interface HttpRoute {
  fn: FunctionPlan;
  routeKey: string;
}

/** An HttpApi event's route key: `METHOD /path`, or `$default` when it names neither (as SAM). */
export function httpRouteKey(routePath: string | undefined, method: string | undefined): string {
  if (routePath === undefined) return '$default';
  const path = `/${routePath.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return `${method ?? 'ANY'} ${path}`;
}

/** As SAM's generated AWS::Lambda::Permission: this API, any stage, this method and path. */
function sourceArn(plan: StackPlan, apiId: string, routeKey: string): string {
  const base = `arn:aws:execute-api:${plan.region}:${plan.accountId}:${apiId}/*`;
  if (routeKey === '$default') return `${base}/*`;
  const [method, path] = routeKey.split(' ') as [string, string];
  return `${base}/${method === 'ANY' ? '*' : method}${path.replace(/\{[^}]+\}/g, '*')}`;
}

/**
 * HttpApi events: SAM's implicit ServerlessHttpApi (an HTTP API named after the stack) with an
 * AutoDeploy `$default` stage, a payload 2.0 Lambda integration per function target, a route
 * per event and the permission API Gateway needs. Routes the template no longer has are
 * deleted. Returns the API's id.
 */
export async function deployHttpApi(
  clients: { apiGatewayV2: ApiGatewayV2Client; lambda: LambdaClient },
  plan: StackPlan,
  say: (line: string) => void,
): Promise<string | undefined> {
  const routes: HttpRoute[] = plan.functions.flatMap((fn) =>
    fn.events
      .filter((e) => e.type === 'HttpApi')
      .map((e) => ({ fn, routeKey: httpRouteKey(e.routePath, e.method) })),
  );
  if (routes.length === 0) return undefined;
  const { apiGatewayV2: v2, lambda } = clients;
  const apis = await v2.send(new GetApisCommand({}));
  let apiId = apis.Items?.find((a) => a.Name === plan.stackName)?.ApiId;
  if (!apiId) {
    const made = await v2.send(
      new CreateApiCommand({
        Name: plan.stackName,
        ProtocolType: 'HTTP',
        Description: `ServerlessHttpApi of stack ${plan.stackName}`,
      }),
    );
    apiId = made.ApiId!;
    say(`HTTP API ${plan.stackName}: created ${apiId}`);
  }
  const integrations = (await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items ?? [];
  const existing = (await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? [];
  const integrationFor = async (uri: string): Promise<string> => {
    const known = integrations.find((i) => i.IntegrationUri === uri && i.PayloadFormatVersion === '2.0');
    if (known) return known.IntegrationId!;
    const made = await v2.send(
      new CreateIntegrationCommand({
        ApiId: apiId,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: uri,
        PayloadFormatVersion: '2.0',
      }),
    );
    integrations.push(made);
    return made.IntegrationId!;
  };
  for (const { fn, routeKey } of routes) {
    const alias = fn.autoPublishAlias ? `:${fn.autoPublishAlias}` : '';
    const uri = `arn:aws:lambda:${plan.region}:${plan.accountId}:function:${fn.name}${alias}`;
    const target = `integrations/${await integrationFor(uri)}`;
    const current = existing.find((r) => r.RouteKey === routeKey);
    if (current?.Target === target) {
      say(`HTTP route ${routeKey}: unchanged`);
    } else {
      // No UpdateRoute in gradual: a route that now points elsewhere is replaced.
      if (current) await v2.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: current.RouteId }));
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: target }));
      say(`HTTP route ${routeKey} -> ${fn.name}${alias}: ${current ? 'updated' : 'created'}`);
    }
    const arn = sourceArn(plan, apiId, routeKey);
    await lambda
      .send(
        new AddPermissionCommand({
          FunctionName: fn.name,
          ...(fn.autoPublishAlias ? { Qualifier: fn.autoPublishAlias } : {}),
          StatementId: `gradual-${createHash('sha1').update(arn).digest('hex').slice(0, 16)}`,
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: arn,
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof Error && e.name === 'ResourceConflictException')) throw e;
      });
  }
  const wanted = new Set(routes.map((r) => r.routeKey));
  for (const stale of existing.filter((r) => !wanted.has(r.RouteKey!))) {
    await v2.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: stale.RouteId }));
    say(`HTTP route ${stale.RouteKey!}: no longer in the template; deleted`);
  }
  const stages = (await v2.send(new GetStagesCommand({ ApiId: apiId }))).Items ?? [];
  if (!stages.some((s) => s.StageName === HTTP_STAGE)) {
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: HTTP_STAGE, AutoDeploy: true }));
    say(`HTTP API ${apiId}: stage ${HTTP_STAGE} created (AutoDeploy)`);
  }
  return apiId;
}

import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  type APIGatewayClient,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  UpdateFunctionUrlConfigCommand,
  type Cors,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import type { FunctionPlan, StackPlan } from '../template/model.js';

/** SAM's implicit API's stage. */
export const STAGE = 'Prod';

function notFound(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ResourceNotFoundException' || e.name === 'NotFoundException');
}

/**
 * FunctionUrlConfig: the URL on the alias when the function has AutoPublishAlias (as SAM does),
 * else on $LATEST; created or updated to the template's AuthType and Cors. Returns the URL.
 */
export async function deployFunctionUrl(
  lambda: LambdaClient,
  fn: FunctionPlan,
  say: (line: string) => void,
): Promise<string> {
  const url = fn.functionUrl!;
  const where = { FunctionName: fn.name, ...(fn.autoPublishAlias ? { Qualifier: fn.autoPublishAlias } : {}) };
  const cors = (url.cors ?? {}) as Cors;
  const existing = await lambda.send(new GetFunctionUrlConfigCommand(where)).catch((e: unknown) => {
    if (notFound(e)) return undefined;
    throw e;
  });
  if (!existing) {
    const made = await lambda.send(
      new CreateFunctionUrlConfigCommand({ ...where, AuthType: url.authType, Cors: cors }),
    );
    say(
      `function URL ${fn.name}${fn.autoPublishAlias ? `:${fn.autoPublishAlias}` : ''}: created ${made.FunctionUrl!}`,
    );
    return made.FunctionUrl!;
  }
  if (existing.AuthType === url.authType && JSON.stringify(existing.Cors ?? {}) === JSON.stringify(cors)) {
    say(`function URL ${existing.FunctionUrl!}: unchanged`);
    return existing.FunctionUrl!;
  }
  await lambda.send(new UpdateFunctionUrlConfigCommand({ ...where, AuthType: url.authType, Cors: cors }));
  say(`function URL ${existing.FunctionUrl!}: updated`);
  return existing.FunctionUrl!;
}

export interface Route {
  fn: FunctionPlan;
  path: string;
  method: string;
}

function normalizePath(path: string): string {
  const trimmed = `/${path.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return trimmed;
}

/** The template's Api events, as routes of the implicit API. */
export function apiRoutes(plan: StackPlan): Route[] {
  return plan.functions.flatMap((fn) =>
    fn.events
      .filter((e) => e.type === 'Api')
      .map((e) => ({
        fn,
        path: normalizePath(e.routePath!),
        method: e.method === 'ANY' ? 'ANY' : e.method!,
      })),
  );
}

/** The statement SAM's AWS::Lambda::Permission adds for a route: this API, any stage, this method and path. */
export function routePermission(
  plan: StackPlan,
  apiId: string,
  method: string,
  path: string,
): { sourceArn: string; statementId: string } {
  const sourceArn = `arn:aws:execute-api:${plan.region}:${plan.accountId}:${apiId}/*/${method === 'ANY' ? '*' : method}${path.replace(/\{[^}]+\}/g, '*')}`;
  return {
    sourceArn,
    statementId: `gradual-${createHash('sha1').update(sourceArn).digest('hex').slice(0, 16)}`,
  };
}

/**
 * Api events: SAM's implicit ServerlessRestApi (a REST API named after the stack) with stage Prod,
 * an AWS_PROXY integration per event to the function's alias, and the permission API Gateway needs.
 * Redeployed to the stage only when a route changed. Returns the API's id.
 */
export async function deployRestApi(
  clients: { apiGateway: APIGatewayClient; lambda: LambdaClient },
  plan: StackPlan,
  say: (line: string) => void,
): Promise<string | undefined> {
  const routes = apiRoutes(plan);
  if (routes.length === 0) return undefined;
  const { apiGateway, lambda } = clients;
  const apis = await apiGateway.send(new GetRestApisCommand({ limit: 500 }));
  let apiId = apis.items?.find((a) => a.name === plan.stackName)?.id;
  let changed = false;
  if (!apiId) {
    const made = await apiGateway.send(
      new CreateRestApiCommand({
        name: plan.stackName,
        description: `ServerlessRestApi of stack ${plan.stackName}`,
      }),
    );
    apiId = made.id!;
    changed = true;
    say(`REST API ${plan.stackName}: created ${apiId}`);
  }
  const listed = await apiGateway.send(
    new GetResourcesCommand({ restApiId: apiId, limit: 500, embed: ['methods'] }),
  );
  const byPath = new Map<string, Resource>((listed.items ?? []).map((r) => [r.path!, r]));
  const resourceFor = async (path: string): Promise<Resource> => {
    const known = byPath.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parent = await resourceFor(cut === 0 ? '/' : path.slice(0, cut));
    const made = await apiGateway.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: parent.id!, pathPart: path.slice(cut + 1) }),
    );
    byPath.set(path, made);
    return made;
  };
  for (const route of routes) {
    const { fn, path, method } = route;
    const resource = await resourceFor(path);
    const target = `arn:aws:lambda:${plan.region}:${plan.accountId}:function:${fn.name}${fn.autoPublishAlias ? `:${fn.autoPublishAlias}` : ''}`;
    const uri = `arn:aws:apigateway:${plan.region}:lambda:path/2015-03-31/functions/${target}/invocations`;
    const existing = resource.resourceMethods?.[method];
    if (existing?.methodIntegration?.type === 'AWS_PROXY' && existing.methodIntegration.uri === uri) {
      say(`route ${method} ${path}: unchanged`);
    } else {
      if (!existing)
        await apiGateway.send(
          new PutMethodCommand({
            restApiId: apiId,
            resourceId: resource.id!,
            httpMethod: method,
            authorizationType: 'NONE',
          }),
        );
      await apiGateway.send(
        new PutIntegrationCommand({
          restApiId: apiId,
          resourceId: resource.id!,
          httpMethod: method,
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri,
        }),
      );
      changed = true;
      say(
        `route ${method} ${path} -> ${fn.name}${fn.autoPublishAlias ? `:${fn.autoPublishAlias}` : ''}: ${existing ? 'updated' : 'created'}`,
      );
    }
    const { sourceArn, statementId } = routePermission(plan, apiId, method, path);
    await lambda
      .send(
        new AddPermissionCommand({
          FunctionName: fn.name,
          ...(fn.autoPublishAlias ? { Qualifier: fn.autoPublishAlias } : {}),
          StatementId: statementId,
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: sourceArn,
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof Error && e.name === 'ResourceConflictException')) throw e;
      });
  }
  const stages = await apiGateway.send(new GetStagesCommand({ restApiId: apiId }));
  if (changed || !stages.item?.some((s) => s.stageName === STAGE)) {
    await apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: STAGE }));
    say(`REST API ${apiId}: deployed to stage ${STAGE}`);
  } else {
    say(`REST API ${apiId}: stage ${STAGE} unchanged`);
  }
  return apiId;
}

import { createHash } from 'node:crypto';
import { TemplateError } from '../../../common/template/errors.js';
import type { ResourceDefinition } from '../model.js';
import { text } from '../providers/names.js';

/**
 * SAM's `Api` and `HttpApi` function events, as SAM transforms them: every event becomes a route
 * of the implicit `ServerlessRestApi` (REST, stage `Prod`) or `ServerlessHttpApi` (HTTP, stage
 * `$default`), defined by an OpenAPI `Body`, and a Lambda permission for API Gateway. The route
 * invokes the function's alias when it has `AutoPublishAlias`, else the function.
 */
export interface ApiRoute {
  path: string;
  /** Lower case, `any` for any method. */
  method: string;
  /** The logical id whose `Ref` (alias) or `Arn` (function) the integration invokes. */
  target: { ref: string } | { arn: string };
  payloadFormatVersion?: string;
  timeoutInMillis?: number;
}

export interface FunctionApiEvents {
  rest: ApiRoute[];
  http: ApiRoute[];
  resources: Record<string, ResourceDefinition>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

const ALLOWED: Record<string, readonly string[]> = {
  Api: ['Path', 'Method'],
  HttpApi: ['Path', 'Method', 'PayloadFormatVersion', 'TimeoutInMillis'],
};

/** `/items/{id}` -> `/items/*`, as SAM writes a permission's source ARN. */
const arnPath = (path: string): string => path.replace(/\{[^}]+\}/g, '*');

function permission(
  functionRef: string,
  apiId: string,
  method: string,
  path: string,
  common: Partial<ResourceDefinition>,
): ResourceDefinition {
  const resource =
    path === '$default' ? '*' : `${method === 'any' ? '*' : method.toUpperCase()}${arnPath(path)}`;
  return {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: functionRef },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: {
        'Fn::Sub': [
          `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${resource}`,
          { __ApiId__: { Ref: apiId }, __Stage__: '*' },
        ],
      },
    },
    ...common,
  };
}

/** One function's `Events` of type `Api` and `HttpApi`; any other event type is refused by name. */
export function functionApiEvents(
  fnId: string,
  events: unknown,
  aliasId: string | undefined,
  path: string,
  common: Partial<ResourceDefinition>,
): FunctionApiEvents {
  const out: FunctionApiEvents = { rest: [], http: [], resources: {} };
  if (events === undefined) return out;
  if (!isRecord(events)) throw new TemplateError(`${path}.Events`, 'must be a mapping');
  const target = aliasId ? { ref: aliasId } : { arn: fnId };
  const functionRef = aliasId ?? fnId;
  for (const [eventId, event] of Object.entries(events)) {
    const where = `${path}.Events.${eventId}`;
    if (!isRecord(event)) throw new TemplateError(where, 'must be a mapping');
    const type = String(event['Type']);
    const allowed = ALLOWED[type];
    if (!allowed)
      throw new TemplateError(
        `${where}.Type`,
        `event type ${type} is not supported by gradual (Api and HttpApi are)`,
      );
    const props = isRecord(event['Properties']) ? event['Properties'] : {};
    for (const key of Object.keys(props))
      if (!allowed.includes(key))
        throw new TemplateError(`${where}.Properties.${key}`, 'is not supported by gradual');
    if (type === 'Api') {
      if (typeof props['Path'] !== 'string' || typeof props['Method'] !== 'string')
        throw new TemplateError(`${where}.Properties`, 'an Api event needs a Path and a Method');
      const method = props['Method'].toLowerCase();
      out.rest.push({ path: props['Path'], method, target });
      out.resources[`${fnId}${eventId}PermissionProd`] = permission(
        functionRef,
        'ServerlessRestApi',
        method,
        props['Path'],
        common,
      );
    } else {
      const routePath = typeof props['Path'] === 'string' ? props['Path'] : '$default';
      const method = typeof props['Method'] === 'string' ? props['Method'].toLowerCase() : 'any';
      out.http.push({
        path: routePath,
        method,
        target,
        payloadFormatVersion:
          props['PayloadFormatVersion'] === undefined ? '2.0' : text(props['PayloadFormatVersion']),
        ...(props['TimeoutInMillis'] !== undefined
          ? { timeoutInMillis: Number(props['TimeoutInMillis']) }
          : {}),
      });
      out.resources[`${fnId}${eventId}Permission`] = permission(
        functionRef,
        'ServerlessHttpApi',
        method,
        routePath,
        common,
      );
    }
  }
  return out;
}

function openApiPaths(routes: readonly ApiRoute[]): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const fn = 'ref' in r.target ? `\${${r.target.ref}}` : `\${${r.target.arn}.Arn}`;
    const key = r.method === 'any' ? 'x-amazon-apigateway-any-method' : r.method;
    const item = (paths[r.path] ??= {});
    if (item[key]) throw new TemplateError(`Resources`, `two events define the route ${r.method} ${r.path}`);
    item[key] = {
      'x-amazon-apigateway-integration': {
        httpMethod: 'POST',
        type: 'aws_proxy',
        uri: {
          'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/${fn}/invocations`,
        },
        ...(r.payloadFormatVersion !== undefined ? { payloadFormatVersion: r.payloadFormatVersion } : {}),
        ...(r.timeoutInMillis !== undefined ? { timeoutInMillis: r.timeoutInMillis } : {}),
      },
      responses: {},
    };
  }
  return paths;
}

/**
 * The implicit APIs the events make: `ServerlessRestApi` with a deployment named by a hash of
 * its body (a changed body makes a new deployment, as SAM's does) and its `Prod` stage;
 * `ServerlessHttpApi` with its auto-deployed `$default` stage.
 */
export function implicitApis(
  rest: readonly ApiRoute[],
  http: readonly ApiRoute[],
): Record<string, ResourceDefinition> {
  const out: Record<string, ResourceDefinition> = {};
  if (rest.length) {
    const body = {
      swagger: '2.0',
      info: { version: '1.0', title: { Ref: 'AWS::StackName' } },
      paths: openApiPaths(rest),
    };
    const hash = createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 10);
    const deployment = `ServerlessRestApiDeployment${hash}`;
    out['ServerlessRestApi'] = { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: body } };
    out[deployment] = {
      Type: 'AWS::ApiGateway::Deployment',
      Properties: {
        RestApiId: { Ref: 'ServerlessRestApi' },
        Description: `RestApi deployment id: ${hash}`,
        StageName: 'Stage',
      },
    };
    out['ServerlessRestApiProdStage'] = {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        DeploymentId: { Ref: deployment },
        RestApiId: { Ref: 'ServerlessRestApi' },
        StageName: 'Prod',
      },
    };
  }
  if (http.length) {
    out['ServerlessHttpApi'] = {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: {
        Body: {
          openapi: '3.0.1',
          info: { version: '1.0', title: { Ref: 'AWS::StackName' } },
          paths: openApiPaths(http),
          tags: [{ name: 'httpapi:createdBy', 'x-amazon-apigateway-tag-value': 'SAM' }],
        },
      },
    };
    out['ServerlessHttpApiApiGatewayDefaultStage'] = {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: { Ref: 'ServerlessHttpApi' }, StageName: '$default', AutoDeploy: true },
    };
  }
  return out;
}

import { createHash } from 'node:crypto';
import { TemplateError } from '../../../common/template/errors.js';
import type { ResourceDefinition } from '../model.js';
import { text } from '../providers/names.js';
import { isRecord } from '../../../common/is-record.js';

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
  /** The explicit API (an AWS::Serverless::Api or HttpApi of the template) it belongs to, if not the implicit one. */
  api?: string;
}

export interface FunctionApiEvents {
  rest: ApiRoute[];
  http: ApiRoute[];
  resources: Record<string, ResourceDefinition>;
}

const ALLOWED: Record<string, readonly string[]> = {
  Api: ['Path', 'Method', 'RestApiId'],
  HttpApi: ['Path', 'Method', 'PayloadFormatVersion', 'TimeoutInMillis', 'ApiId'],
};

/** `RestApiId` / `ApiId`: a `Ref` to an API the template defines (SAM takes nothing else). */
function apiOf(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (isRecord(value) && typeof value['Ref'] === 'string' && Object.keys(value).length === 1)
    return value['Ref'];
  throw new TemplateError(where, "must be a Ref to an API of this template (SAM's own rule)");
}

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
      const api = apiOf(props['RestApiId'], `${where}.Properties.RestApiId`);
      out.rest.push({ path: props['Path'], method, target, ...(api ? { api } : {}) });
      out.resources[`${fnId}${eventId}Permission${api ? '' : 'Prod'}`] = permission(
        functionRef,
        api ?? 'ServerlessRestApi',
        method,
        props['Path'],
        common,
      );
    } else {
      const routePath = typeof props['Path'] === 'string' ? props['Path'] : '$default';
      const method = typeof props['Method'] === 'string' ? props['Method'].toLowerCase() : 'any';
      const api = apiOf(props['ApiId'], `${where}.Properties.ApiId`);
      out.http.push({
        ...(api ? { api } : {}),
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
        api ?? 'ServerlessHttpApi',
        method,
        routePath,
        common,
      );
    }
  }
  return out;
}

/** The events' routes as OpenAPI paths, added to `into` (a definition's own paths); a route twice is refused. */
export function openApiPaths(
  routes: readonly ApiRoute[],
  into: Record<string, Record<string, unknown>> = {},
): Record<string, Record<string, unknown>> {
  const paths = into;
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
 * A REST API defined by `body`, with a deployment named by a hash of the body (a changed body
 * makes a new deployment, as SAM's does) and its stage (`<Id><Stage>Stage`).
 */
export function restApiParts(
  id: string,
  definition: ApiBody,
  stage: { name: unknown; variables?: unknown },
  api: Record<string, unknown> = {},
): Record<string, ResourceDefinition> {
  const hash = hashOf(definition);
  const deployment = `${id}Deployment${hash}`;
  return {
    [id]: { Type: 'AWS::ApiGateway::RestApi', Properties: { ...api, ...bodyProperty(definition) } },
    [deployment]: {
      Type: 'AWS::ApiGateway::Deployment',
      Properties: {
        RestApiId: { Ref: id },
        Description: `RestApi deployment id: ${hash}`,
        StageName: 'Stage',
      },
    },
    [`${id}${stageId(stage.name)}Stage`]: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        DeploymentId: { Ref: deployment },
        RestApiId: { Ref: id },
        StageName: stage.name,
        ...(stage.variables !== undefined ? { Variables: stage.variables } : {}),
      },
    },
  };
}

/** An HTTP API defined by `body`, with its auto-deployed stage (`$default` unless named). */
export function httpApiParts(
  id: string,
  definition: ApiBody,
  stage: { name?: unknown; variables?: unknown },
  api: Record<string, unknown> = {},
): Record<string, ResourceDefinition> {
  const named = stage.name !== undefined && stage.name !== '$default';
  return {
    [id]: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ...api, ...bodyProperty(definition) } },
    [named ? `${id}${stageId(stage.name)}Stage` : `${id}ApiGatewayDefaultStage`]: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: {
        ApiId: { Ref: id },
        StageName: named ? stage.name : '$default',
        AutoDeploy: true,
        ...(stage.variables !== undefined ? { StageVariables: stage.variables } : {}),
      },
    },
  };
}

/** A definition given inline (`Body`), or where `DefinitionUri` put it in S3 (`BodyS3Location`). */
export type ApiBody = { kind: 'inline'; body: unknown } | { kind: 's3'; location: Record<string, unknown> };

function bodyProperty(definition: ApiBody): Record<string, unknown> {
  switch (definition.kind) {
    case 'inline':
      return { Body: definition.body };
    case 's3':
      return { BodyS3Location: definition.location };
  }
}

const hashOf = (definition: ApiBody): string =>
  createHash('sha1')
    .update(JSON.stringify(definition.kind === 'inline' ? definition.body : definition.location))
    .digest('hex')
    .slice(0, 10);

/** A stage's name in its logical id: its letters and digits. */
const stageId = (name: unknown): string =>
  typeof name === 'string' ? name.replace(/[^A-Za-z0-9]/g, '') : '';

/** A generated definition's `info`: titled by the stack's name, as SAM titles them. */
export const SWAGGER_INFO = { version: '1.0', title: { Ref: 'AWS::StackName' } };

/**
 * The implicit APIs the events make: `ServerlessRestApi` and its `Prod` stage;
 * `ServerlessHttpApi` with its auto-deployed `$default` stage.
 */
export function implicitApis(
  rest: readonly ApiRoute[],
  http: readonly ApiRoute[],
  globals: { implicitRest(d: ApiBody): ApiBody; implicitHttp(d: ApiBody): ApiBody },
): Record<string, ResourceDefinition> {
  const out: Record<string, ResourceDefinition> = {};
  if (rest.length)
    Object.assign(
      out,
      restApiParts(
        'ServerlessRestApi',
        globals.implicitRest({
          kind: 'inline',
          body: { swagger: '2.0', info: SWAGGER_INFO, paths: openApiPaths(rest) },
        }),
        { name: 'Prod' },
      ),
    );
  if (http.length)
    Object.assign(
      out,
      httpApiParts(
        'ServerlessHttpApi',
        globals.implicitHttp({ kind: 'inline', body: httpBody(openApiPaths(http)) }),
        {},
      ),
    );
  return out;
}

/** An HTTP API's generated definition, tagged as SAM tags it. */
export function httpBody(paths: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    info: SWAGGER_INFO,
    paths,
    tags: [{ name: 'httpapi:createdBy', 'x-amazon-apigateway-tag-value': 'SAM' }],
  };
}

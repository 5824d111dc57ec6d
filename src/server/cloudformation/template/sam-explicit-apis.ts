import { TemplateError } from '../../../common/template/errors.js';
import type { ResourceDefinition } from '../model.js';
import {
  httpApiParts,
  httpBody,
  openApiPaths,
  restApiParts,
  SWAGGER_INFO,
  type ApiBody,
  type ApiRoute,
} from './sam-api-events.js';
import { isRecord } from '../../../common/is-record.js';
import { withHttpCors } from './sam-http-cors.js';
import { withRestCors } from './sam-rest-cors.js';

const REST = 'AWS::Serverless::Api';
const HTTP = 'AWS::Serverless::HttpApi';

/** What each explicit API type takes here ("AWS::Serverless::Api", "AWS::Serverless::HttpApi", SAM docs). */
const PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  [REST]: ['StageName', 'DefinitionBody', 'DefinitionUri', 'Variables', 'Name', 'Description', 'Cors'],
  [HTTP]: [
    'StageName',
    'DefinitionBody',
    'DefinitionUri',
    'StageVariables',
    'Name',
    'Description',
    'CorsConfiguration',
  ],
};

/** SAM properties gradual's API Gateway cannot honour, refused with why before anything is made. */
const REFUSED: Readonly<Record<string, string>> = {
  Auth: 'is not supported by gradual: its API Gateway has no authorizers (define the API without Auth)',
};

export const isExplicitApi = (type: unknown): boolean => type === REST || type === HTTP;

/** `DefinitionUri` (`s3://bucket/key`, or `{Bucket, Key, Version}`) as API Gateway's `BodyS3Location`. */
function s3Location(uri: unknown, where: string): Record<string, unknown> {
  if (typeof uri === 'string') {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (m) return { Bucket: m[1], Key: m[2] };
  } else if (isRecord(uri) && uri['Bucket'] !== undefined && uri['Key'] !== undefined) {
    return {
      Bucket: uri['Bucket'],
      Key: uri['Key'],
      ...(uri['Version'] !== undefined ? { Version: uri['Version'] } : {}),
    };
  }
  throw new TemplateError(
    where,
    "must be an S3 location, 's3://bucket/key' or {Bucket, Key} (aws cloudformation package uploads a local file)",
  );
}

/**
 * The definition: `DefinitionBody` with the events' routes it lacks added to its paths (as SAM
 * adds them), `DefinitionUri` as it is (SAM cannot read it to add routes: the file must have them),
 * or, with neither, one generated from the events like the implicit API's.
 */
function definitionOf(
  type: string,
  props: Record<string, unknown>,
  routes: readonly ApiRoute[],
  path: string,
): ApiBody {
  const body = props['DefinitionBody'];
  if (body !== undefined && props['DefinitionUri'] !== undefined)
    throw new TemplateError(path, 'specify either DefinitionBody or DefinitionUri, not both');
  if (props['DefinitionUri'] !== undefined)
    return { kind: 's3', location: s3Location(props['DefinitionUri'], `${path}.DefinitionUri`) };
  if (body === undefined) {
    const paths = openApiPaths(routes);
    return {
      kind: 'inline',
      body: type === REST ? { swagger: '2.0', info: SWAGGER_INFO, paths } : httpBody(paths),
    };
  }
  if (!isRecord(body))
    throw new TemplateError(`${path}.DefinitionBody`, 'must be a mapping (an OpenAPI document)');
  const copy = structuredClone(body);
  const paths = isRecord(copy['paths']) ? (copy['paths'] as Record<string, Record<string, unknown>>) : {};
  // A route the definition has already keeps its own integration, as SAM keeps it; the event
  // still gives API Gateway its permission to invoke the function.
  const defined = (r: ApiRoute): boolean =>
    isRecord(paths[r.path]) &&
    paths[r.path]![r.method === 'any' ? 'x-amazon-apigateway-any-method' : r.method] !== undefined;
  copy['paths'] = openApiPaths(
    routes.filter((r) => !defined(r)),
    paths,
  );
  return { kind: 'inline', body: copy };
}

/**
 * The template's own `AWS::Serverless::Api` and `AWS::Serverless::HttpApi`, as SAM transforms
 * them: the API from its definition, a deployment and the `StageName` stage (with `Variables`) for
 * a REST API; the auto-deployed stage (with `StageVariables`) for an HTTP API. Events name them by
 * `RestApiId` / `ApiId`; their routes join the definition.
 */
export function explicitApis(
  apis: Readonly<Record<string, Record<string, unknown>>>,
  routes: { rest: readonly ApiRoute[]; http: readonly ApiRoute[] },
): Record<string, ResourceDefinition> {
  for (const [kind, type] of [
    ['rest', REST],
    ['http', HTTP],
  ] as const)
    for (const route of routes[kind])
      if (route.api !== undefined && apis[route.api]?.['Type'] !== type)
        throw new TemplateError(
          'Resources',
          `an event names ${route.api} by ${kind === 'rest' ? 'RestApiId' : 'ApiId'}, which is not an ${type} of this template`,
        );
  const out: Record<string, ResourceDefinition> = {};
  for (const [id, raw] of Object.entries(apis)) {
    const type = String(raw['Type']);
    const path = `Resources.${id}.Properties`;
    const props = isRecord(raw['Properties']) ? raw['Properties'] : {};
    for (const key of Object.keys(props)) {
      const refused = REFUSED[key];
      if (refused) throw new TemplateError(`${path}.${key}`, refused);
      if (!PROPERTIES[type]!.includes(key))
        throw new TemplateError(`${path}.${key}`, `is not supported by gradual's ${type}`);
    }
    const own = (type === REST ? routes.rest : routes.http).filter((r) => r.api === id);
    const defined = definitionOf(type, props, own, path);
    const definition =
      type === HTTP
        ? withHttpCors(defined, props['CorsConfiguration'], `${path}.CorsConfiguration`)
        : withRestCors(defined, props['Cors'], `${path}.Cors`);
    const api = {
      ...(props['Name'] !== undefined ? { Name: props['Name'] } : {}),
      ...(props['Description'] !== undefined ? { Description: props['Description'] } : {}),
    };
    let parts: Record<string, ResourceDefinition>;
    if (type === REST) {
      if (props['StageName'] === undefined) throw new TemplateError(`${path}.StageName`, 'is required');
      parts = restApiParts(id, definition, { name: props['StageName'], variables: props['Variables'] }, api);
    } else {
      parts = httpApiParts(
        id,
        definition,
        { name: props['StageName'], variables: props['StageVariables'] },
        api,
      );
    }
    const condition = typeof raw['Condition'] === 'string' ? { Condition: raw['Condition'] } : {};
    for (const [logicalId, def] of Object.entries(parts)) out[logicalId] = { ...def, ...condition };
  }
  return out;
}

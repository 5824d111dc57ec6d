import { isRecord } from '../../../common/is-record.js';
import { TemplateError } from '../../../common/template/errors.js';
import type { ApiBody } from './sam-api-events.js';

/**
 * SAM's Api `Cors` ("CorsConfiguration", SAM docs), as SAM transforms it: every path of the
 * definition without an `options` operation gets one with a MOCK integration whose response
 * maps the Access-Control-* headers (values are API Gateway's quoted strings, `"'*'"`). The
 * function still adds Access-Control-Allow-Origin to its own proxy responses, as on AWS.
 */

const MEMBERS = ['AllowMethods', 'AllowHeaders', 'AllowOrigin', 'MaxAge', 'AllowCredentials'];
const WILDCARD = "'*'";
const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const ANY = 'x-amazon-apigateway-any-method';

const isIntrinsic = (v: unknown): boolean =>
  isRecord(v) && Object.keys(v).length === 1 && /^(Ref|Fn::)/.test(Object.keys(v)[0]!);

/** The methods a path allows: its own and OPTIONS, upper case and sorted; all of them for ANY. */
function methodsOf(item: Record<string, unknown>): string {
  const keys = Object.keys(item);
  if (keys.includes(ANY)) return ALL_METHODS.join(',');
  return [...new Set([...keys.map((k) => k.toUpperCase()), 'OPTIONS'])].sort().join(',');
}

function preflight(props: Record<string, unknown>, allowMethods: unknown): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  const headers: Record<string, unknown> = {};
  const add = (name: string, value: unknown, type = 'string'): void => {
    parameters[`method.response.header.${name}`] = value;
    headers[name] = { type };
  };
  add('Access-Control-Allow-Origin', props['AllowOrigin'] ?? WILDCARD);
  if (props['AllowHeaders']) add('Access-Control-Allow-Headers', props['AllowHeaders']);
  if (allowMethods) add('Access-Control-Allow-Methods', allowMethods);
  if (props['MaxAge'] !== undefined) add('Access-Control-Max-Age', props['MaxAge'], 'integer');
  if (props['AllowCredentials'] === true) add('Access-Control-Allow-Credentials', "'true'");
  return {
    summary: 'CORS support',
    consumes: ['application/json'],
    produces: ['application/json'],
    'x-amazon-apigateway-integration': {
      type: 'mock',
      requestTemplates: { 'application/json': '{\n  "statusCode" : 200\n}\n' },
      responses: {
        default: {
          statusCode: '200',
          responseParameters: parameters,
          responseTemplates: { 'application/json': '{}\n' },
        },
      },
    },
    responses: { '200': { description: 'Default response for CORS method', headers } },
  };
}

export function withRestCors(definition: ApiBody, cors: unknown, path: string): ApiBody {
  if (cors === undefined) return definition;
  if (definition.kind !== 'inline' || !isRecord(definition.body))
    throw new TemplateError(
      path,
      "Cors works only with inline Swagger specified in 'DefinitionBody' property.",
    );
  let props: Record<string, unknown>;
  if (typeof cors === 'string' || isIntrinsic(cors)) props = { AllowOrigin: cors };
  else if (isRecord(cors) && Object.keys(cors).every((k) => MEMBERS.includes(k))) props = cors;
  else throw new TemplateError(path, "Invalid value for 'Cors' property");
  if (props['AllowCredentials'] === true && (props['AllowOrigin'] ?? WILDCARD) === WILDCARD)
    throw new TemplateError(
      path,
      `Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is "'*'" or not set`,
    );
  const body = definition.body;
  const paths = isRecord(body['paths']) ? body['paths'] : {};
  const out: Record<string, unknown> = {};
  for (const [route, item] of Object.entries(paths)) {
    if (!isRecord(item) || item['options'] !== undefined) {
      out[route] = item;
      continue;
    }
    const methods = props['AllowMethods'] ?? `'${methodsOf(item)}'`;
    out[route] = { ...item, options: preflight(props, methods) };
  }
  return { kind: 'inline', body: { ...body, paths: out } };
}

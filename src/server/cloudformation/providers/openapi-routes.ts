import { loadTemplate } from '../../../common/template/yaml.js';
import { text } from './names.js';
import { isRecord } from '../../../common/is-record.js';

/**
 * The routes of an OpenAPI (or Swagger 2.0) `Body`, as API Gateway imports them: each path's
 * operations with their `x-amazon-apigateway-integration` (`x-amazon-apigateway-any-method` is
 * `ANY`). gradual imports Lambda proxy integrations only; anything else is refused by name.
 */
export interface BodyRoute {
  /** `/items/{id}`, or `$default` (HTTP APIs) */
  path: string;
  /** Upper case, `ANY` for any method. */
  method: string;
  /** The Lambda invocation URI. */
  uri: string;
  payloadFormatVersion: string | undefined;
  /** `AWS_IAM` when the operation's security names `sigv4`, else `NONE`. */
  authorizationType: 'NONE' | 'AWS_IAM';
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head']);
const ANY = 'x-amazon-apigateway-any-method';

/** A path item's key as the method it defines (`ANY` for the any-method extension), or undefined. */
export function operationMethod(key: string): string | undefined {
  return key === ANY ? 'ANY' : METHODS.has(key) ? key.toUpperCase() : undefined;
}

/** A `Body` given as an object or as JSON / YAML text. */
export function bodyDocument(body: unknown): Record<string, unknown> {
  const parsed = typeof body === 'string' ? loadTemplate(body) : body;
  if (!isRecord(parsed)) throw new Error('Body must be an OpenAPI definition (an object)');
  return parsed;
}

/**
 * The Lambda proxy routes; `mocks: 'skip'` (REST APIs) leaves MOCK operations to
 * openapi-mocks.ts, else they are refused like any other type.
 */
export function bodyRoutes(body: unknown, mocks: 'skip' | 'refuse' = 'refuse'): BodyRoute[] {
  const doc = bodyDocument(body);
  const paths = isRecord(doc['paths']) ? doc['paths'] : {};
  const routes: BodyRoute[] = [];
  for (const [path, item] of Object.entries(paths)) {
    // `$default` is an HTTP API's catch-all route.
    if (!path.startsWith('/') && path !== '$default') throw new Error(`Body: path ${path} must start with /`);
    if (!isRecord(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = operationMethod(key);
      if (method === undefined || !isRecord(operation)) continue;
      const integration = operation['x-amazon-apigateway-integration'];
      if (
        mocks === 'skip' &&
        isRecord(integration) &&
        text(integration['type'] ?? '').toUpperCase() === 'MOCK'
      )
        continue;
      const where = `Body: ${method} ${path}`;
      if (!isRecord(integration))
        throw new Error(
          `${where} has no x-amazon-apigateway-integration (gradual imports Lambda proxy routes)`,
        );
      const type = text(integration['type'] ?? '').toUpperCase();
      if (type !== 'AWS_PROXY')
        throw new Error(
          `${where}: integration type ${type || '(none)'} is not supported by gradual (AWS_PROXY only)`,
        );
      if (typeof integration['uri'] !== 'string') throw new Error(`${where}: the integration has no uri`);
      const security = Array.isArray(operation['security']) ? operation['security'] : [];
      const sigv4 = security.some((s) => isRecord(s) && Object.keys(s).some((k) => /sigv4|aws_iam/i.test(k)));
      routes.push({
        path,
        method,
        uri: integration['uri'],
        payloadFormatVersion:
          integration['payloadFormatVersion'] === undefined
            ? undefined
            : text(integration['payloadFormatVersion']),
        authorizationType: sigv4 ? 'AWS_IAM' : 'NONE',
      });
    }
  }
  return routes;
}

/** Every path the routes need, parents first (`/a`, `/a/{b}` for `/a/{b}`), without the root. */
export function resourcePaths(routes: readonly { path: string }[]): string[] {
  const all = new Set<string>();
  for (const { path } of routes) {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) all.add(`/${parts.slice(0, i).join('/')}`);
  }
  return [...all].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

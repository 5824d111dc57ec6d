import {
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { isRecord } from '../../../common/is-record.js';
import { text } from './names.js';
import { bodyDocument, operationMethod } from './openapi-routes.js';

/**
 * The MOCK operations of a REST API's OpenAPI `Body` (SAM's CORS preflights are these), as API
 * Gateway imports them: the operation's `responses` become method responses (their `headers`
 * declared), the integration's `requestTemplates` and `responses` (keyed by selection pattern,
 * `default` for none) its integration responses.
 */
export interface MockRoute {
  path: string;
  method: string;
  requestTemplates: Record<string, string> | undefined;
  passthroughBehavior: string | undefined;
  methodResponses: { statusCode: string; headers: string[] }[];
  integrationResponses: {
    statusCode: string;
    selectionPattern: string | undefined;
    responseParameters: Record<string, string> | undefined;
    responseTemplates: Record<string, string> | undefined;
  }[];
}

const strings = (v: unknown): Record<string, string> | undefined =>
  isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text(x)])) : undefined;

export const isMockIntegration = (integration: unknown): boolean =>
  isRecord(integration) && text(integration['type'] ?? '').toUpperCase() === 'MOCK';

export function bodyMockRoutes(body: unknown): MockRoute[] {
  const paths = bodyDocument(body)['paths'];
  const out: MockRoute[] = [];
  for (const [path, item] of Object.entries(isRecord(paths) ? paths : {})) {
    if (!isRecord(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = operationMethod(key);
      if (method === undefined || !isRecord(operation)) continue;
      const integration = operation['x-amazon-apigateway-integration'];
      if (!isMockIntegration(integration) || !isRecord(integration)) continue;
      const responses = isRecord(operation['responses']) ? operation['responses'] : {};
      const mapped = isRecord(integration['responses']) ? integration['responses'] : {};
      out.push({
        path,
        method,
        requestTemplates: strings(integration['requestTemplates']),
        passthroughBehavior:
          integration['passthroughBehavior'] === undefined
            ? undefined
            : text(integration['passthroughBehavior']).toUpperCase(),
        methodResponses: Object.entries(responses).map(([statusCode, r]) => ({
          statusCode,
          headers: isRecord(r) && isRecord(r['headers']) ? Object.keys(r['headers']) : [],
        })),
        integrationResponses: Object.entries(mapped)
          .filter(([, r]) => isRecord(r))
          .map(([pattern, r]) => {
            const response = r as Record<string, unknown>;
            return {
              statusCode: text(response['statusCode'] ?? '200'),
              selectionPattern: pattern === 'default' ? undefined : pattern,
              responseParameters: strings(response['responseParameters']),
              responseTemplates: strings(response['responseTemplates']),
            };
          }),
      });
    }
  }
  return out;
}

/** Puts one mock route's method, method responses, integration and integration responses. */
export async function putMockRoute(
  apigateway: APIGatewayClient,
  restApiId: string,
  resourceId: string,
  route: MockRoute,
): Promise<void> {
  const at = { restApiId, resourceId, httpMethod: route.method };
  await apigateway.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
  for (const r of route.methodResponses)
    await apigateway.send(
      new PutMethodResponseCommand({
        ...at,
        statusCode: r.statusCode,
        responseParameters: Object.fromEntries(r.headers.map((h) => [`method.response.header.${h}`, false])),
      }),
    );
  await apigateway.send(
    new PutIntegrationCommand({
      ...at,
      type: 'MOCK',
      ...(route.requestTemplates ? { requestTemplates: route.requestTemplates } : {}),
      ...(route.passthroughBehavior ? { passthroughBehavior: route.passthroughBehavior } : {}),
    }),
  );
  for (const r of route.integrationResponses)
    await apigateway.send(
      new PutIntegrationResponseCommand({
        ...at,
        statusCode: r.statusCode,
        ...(r.selectionPattern !== undefined ? { selectionPattern: r.selectionPattern } : {}),
        ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}),
        ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}),
      }),
    );
}

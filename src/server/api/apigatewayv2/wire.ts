import type {
  HttpApiRecord,
  HttpIntegrationRecord,
  HttpRouteRecord,
  HttpStageRecord,
} from '../../apigateway/http/model.js';
import { BadRequestException } from '../../apigateway/rest/errors.js';

/**
 * API Gateway v2's REST-JSON shapes (botocore apigatewayv2 2018-11-29): lowerCamelCase members,
 * timestamps as ISO-8601, lists under `items` paged by `maxResults` / `nextToken`, errors as
 * `{"message"}` with the code in `x-amzn-ErrorType` (written by the v1 service's writer).
 */

function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toApi(api: HttpApiRecord, apiEndpoint: string): Record<string, unknown> {
  return {
    apiEndpoint,
    apiId: api.apiId,
    apiKeySelectionExpression: '$request.header.x-api-key',
    ...(api.corsConfiguration !== undefined ? { corsConfiguration: api.corsConfiguration } : {}),
    createdDate: isoDate(api.createdDate),
    ...(api.description !== undefined ? { description: api.description } : {}),
    disableExecuteApiEndpoint: false,
    name: api.name,
    protocolType: api.protocolType,
    routeSelectionExpression: api.routeSelectionExpression,
    tags: api.tags ?? {},
    ...(api.version !== undefined ? { version: api.version } : {}),
  };
}

export function toIntegration(integration: HttpIntegrationRecord): Record<string, unknown> {
  return {
    apiGatewayManaged: false,
    connectionType: 'INTERNET',
    ...(integration.description !== undefined ? { description: integration.description } : {}),
    integrationId: integration.integrationId,
    integrationMethod: 'POST',
    integrationType: integration.integrationType,
    integrationUri: integration.integrationUri,
    payloadFormatVersion: integration.payloadFormatVersion,
    timeoutInMillis: integration.timeoutInMillis,
  };
}

export function toRoute(route: HttpRouteRecord): Record<string, unknown> {
  return {
    apiGatewayManaged: false,
    apiKeyRequired: false,
    authorizationType: 'NONE',
    routeId: route.routeId,
    routeKey: route.routeKey,
    ...(route.target !== undefined ? { target: route.target } : {}),
  };
}

export function toStage(stage: HttpStageRecord): Record<string, unknown> {
  return {
    apiGatewayManaged: false,
    autoDeploy: stage.autoDeploy,
    createdDate: isoDate(stage.createdDate),
    defaultRouteSettings: { detailedMetricsEnabled: false },
    ...(stage.description !== undefined ? { description: stage.description } : {}),
    lastUpdatedDate: isoDate(stage.lastUpdatedDate),
    routeSettings: {},
    stageName: stage.stageName,
    stageVariables: stage.stageVariables ?? {},
    tags: {},
  };
}

/** One page of `items` by `maxResults` (default: all) and the opaque `nextToken`. */
export function pageItems<T>(
  items: readonly T[],
  query: { maxResults?: string | undefined; nextToken?: string | undefined },
  toWire: (item: T) => unknown,
): { items: unknown[]; nextToken?: string } {
  const maxText = query.maxResults;
  const max = maxText === undefined ? items.length || 1 : Number(maxText);
  if (!Number.isInteger(max) || max < 1)
    throw new BadRequestException('maxResults must be a positive integer');
  const tokenText = query.nextToken;
  const start = tokenText === undefined ? 0 : Number(Buffer.from(tokenText, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new BadRequestException('Invalid nextToken specified');
  const page = items.slice(start, start + max).map((t) => toWire(t));
  const next = start + max;
  return next < items.length
    ? { items: page, nextToken: Buffer.from(String(next)).toString('base64url') }
    : { items: page };
}

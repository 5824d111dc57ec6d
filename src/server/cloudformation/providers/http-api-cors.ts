import type { Cors } from '@aws-sdk/client-apigatewayv2';
import { isRecord } from '../../../common/is-record.js';
import { bodyDocument } from './openapi-routes.js';

/**
 * An AWS::ApiGatewayV2::Api's CORS: its `CorsConfiguration` property, else the `Body`'s
 * `x-amazon-apigateway-cors` extension (where SAM's HttpApi `CorsConfiguration` goes), as API
 * Gateway imports it; undefined when neither is given.
 */
export function httpApiCors(p: Record<string, unknown>): Cors | undefined {
  if (p['CorsConfiguration'] !== undefined) return corsOf(p['CorsConfiguration'], 'CorsConfiguration', upper);
  if (p['Body'] === undefined) return undefined;
  const extension = bodyDocument(p['Body'])['x-amazon-apigateway-cors'];
  return extension === undefined ? undefined : corsOf(extension, 'Body: x-amazon-apigateway-cors', lower);
}

const upper = (member: string): string => member;
const lower = (member: string): string => member[0]!.toLowerCase() + member.slice(1);

const LISTS = ['AllowHeaders', 'AllowMethods', 'AllowOrigins', 'ExposeHeaders'] as const;

/** The members read by name (`AllowOrigins` in the property, `allowOrigins` in OpenAPI). */
function corsOf(raw: unknown, where: string, name: (member: string) => string): Cors {
  if (!isRecord(raw)) throw new Error(`${where} must be a mapping`);
  const cors: Cors = {};
  for (const member of LISTS) {
    const value = raw[name(member)];
    if (value === undefined) continue;
    if (!Array.isArray(value)) throw new Error(`${where}.${name(member)} must be a list of strings`);
    cors[member] = value.map(String);
  }
  const credentials = raw[name('AllowCredentials')];
  if (credentials !== undefined) cors.AllowCredentials = credentials === true || credentials === 'true';
  const maxAge = raw[name('MaxAge')];
  if (maxAge !== undefined) {
    const seconds = Number(maxAge);
    if (!Number.isInteger(seconds)) throw new Error(`${where}.${name('MaxAge')} must be a whole number`);
    cors.MaxAge = seconds;
  }
  return cors;
}

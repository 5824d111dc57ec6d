import { isRecord } from '../../../common/is-record.js';
import { TemplateError } from '../../../common/template/errors.js';
import type { ApiBody } from './sam-api-events.js';

const MEMBERS = [
  'AllowCredentials',
  'AllowHeaders',
  'AllowMethods',
  'AllowOrigins',
  'ExposeHeaders',
  'MaxAge',
];
const EXTENSION = 'x-amazon-apigateway-cors';

const isIntrinsic = (v: unknown): boolean =>
  isRecord(v) && Object.keys(v).length === 1 && /^(Ref|Fn::)/.test(Object.keys(v)[0]!);

/**
 * SAM's HttpApi `CorsConfiguration` ("HttpApiCorsConfiguration", SAM docs): `true` allows every
 * origin, an intrinsic gives the origins, a mapping every member; written into the definition's
 * `x-amazon-apigateway-cors` over what it has (the property wins), as SAM writes it. SAM can
 * only edit an inline definition, so `DefinitionUri` with CORS is refused, as SAM refuses it.
 */
export function withHttpCors(definition: ApiBody, cors: unknown, path: string): ApiBody {
  if (cors === undefined || cors === false) return definition;
  if (definition.kind !== 'inline' || !isRecord(definition.body))
    throw new TemplateError(
      path,
      "Cors works only with inline OpenApi specified in 'DefinitionBody' property.",
    );
  let props: Record<string, unknown>;
  if (cors === true) props = { AllowOrigins: ['*'] };
  else if (isIntrinsic(cors)) props = { AllowOrigins: cors };
  else if (isRecord(cors) && Object.keys(cors).every((k) => MEMBERS.includes(k))) props = cors;
  else throw new TemplateError(path, "Invalid value for 'Cors' property.");
  const origins = props['AllowOrigins'];
  if (
    props['AllowCredentials'] === true &&
    Array.isArray(origins) &&
    origins.length === 1 &&
    origins[0] === '*'
  )
    throw new TemplateError(
      path,
      `Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is "'*'" or not set.`,
    );
  const body = definition.body;
  const merged: Record<string, unknown> = isRecord(body[EXTENSION]) ? { ...body[EXTENSION] } : {};
  for (const member of MEMBERS) {
    const value = props[member];
    // As SAM: credentials are written only when true.
    if (value === undefined || (member === 'AllowCredentials' && value !== true)) continue;
    merged[member[0]!.toLowerCase() + member.slice(1)] = value;
  }
  return { kind: 'inline', body: { ...body, [EXTENSION]: merged } };
}

import { isRecord } from '../../../common/is-record.js';
import { TemplateError } from '../../../common/template/errors.js';
import { mergeGlobals } from '../../../common/template/globals.js';
import type { ApiBody } from './sam-api-events.js';
import { withHttpCors } from './sam-http-cors.js';
import { withRestCors } from './sam-rest-cors.js';

/**
 * SAM's `Globals.Api` and `Globals.HttpApi`, as far as gradual carries them out: their CORS
 * (`Cors`, `CorsConfiguration`), merged into each explicit API of the type (its own wins, maps
 * merged, as SAM merges Globals) and applied to the implicit API the events make.
 */
const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  Api: ['Cors'],
  HttpApi: ['CorsConfiguration'],
};
const TYPES: Readonly<Record<string, string>> = {
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
};

export interface ApiGlobals {
  /** An explicit API with the globals of its type merged in. */
  merged(raw: Record<string, unknown>): Record<string, unknown>;
  /** The implicit REST API's definition with the global CORS applied. */
  implicitRest(definition: ApiBody): ApiBody;
  implicitHttp(definition: ApiBody): ApiBody;
}

export function apiGlobals(globals: Record<string, unknown>): ApiGlobals {
  const of = (kind: string): Record<string, unknown> => {
    const value = globals[kind];
    if (value === undefined) return {};
    if (!isRecord(value)) throw new TemplateError(`Globals.${kind}`, 'must be a mapping');
    for (const key of Object.keys(value))
      if (!SUPPORTED[kind]!.includes(key))
        throw new TemplateError(`Globals.${kind}.${key}`, 'is not supported by gradual');
    return value;
  };
  const api = of('Api');
  const http = of('HttpApi');
  return {
    merged(raw) {
      const kind = TYPES[String(raw['Type'])];
      const global = kind === 'Api' ? api : kind === 'HttpApi' ? http : {};
      if (Object.keys(global).length === 0) return raw;
      return { ...raw, Properties: mergeGlobals(global, raw['Properties'] ?? {}) };
    },
    implicitRest: (definition) => withRestCors(definition, api['Cors'], 'Globals.Api.Cors'),
    implicitHttp: (definition) =>
      withHttpCors(definition, http['CorsConfiguration'], 'Globals.HttpApi.CorsConfiguration'),
  };
}

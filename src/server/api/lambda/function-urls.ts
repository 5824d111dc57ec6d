import { z } from 'zod';
import { urlFunctionArn, urlQualifier } from '../../functions/function-url-rules.js';
import type { FunctionUrls } from '../../functions/function-urls.js';
import type { Account } from '../../functions/names.js';
import type { FunctionUrlRecord } from '../../functions/store.js';
import { pageOf, pageSize } from '../paging.js';
import { restOperation } from '../rest-operation.js';
import { awsEnum, awsInt, awsString } from '../validation.js';
import { functionRef, type FunctionMembers } from './function-name.js';
import {
  functionLabel,
  LIST_QUERY,
  listMembers,
  qualified,
  QUALIFIER_QUERY,
  type LambdaDeps,
} from './operation.js';
import { lambdaTimestamp } from './wire.js';

/** Function URL configurations (Lambda API 2021-10-31; spec: API_CreateFunctionUrlConfig). */

const PATH = '/2021-10-31/functions/:FunctionName/url';

const cors = z.object({
  AllowCredentials: z.boolean().optional(),
  AllowHeaders: z
    .array(awsString({ max: 1024 }))
    .max(100, 'Member must have length less than or equal to 100')
    .optional(),
  AllowMethods: z
    .array(awsString({ max: 6 }))
    .max(6, 'Member must have length less than or equal to 6')
    .optional(),
  AllowOrigins: z
    .array(awsString({ min: 1, max: 253 }))
    .max(100, 'Member must have length less than or equal to 100')
    .optional(),
  ExposeHeaders: z
    .array(awsString({ max: 1024 }))
    .max(100, 'Member must have length less than or equal to 100')
    .optional(),
  MaxAge: awsInt({ min: 0, max: 86400 }).optional(),
});
const authType = awsEnum(['NONE', 'AWS_IAM']);
const invokeMode = awsEnum(['BUFFERED', 'RESPONSE_STREAM']);

const createBody = z.object({
  AuthType: authType,
  Cors: cors.optional(),
  InvokeMode: invokeMode.optional(),
});
const updateBody = z.object({
  AuthType: authType.optional(),
  Cors: cors.optional(),
  InvokeMode: invokeMode.optional(),
});

/** The function and the URL's qualifier (none: `$LATEST`; only aliases otherwise). */
function target(input: FunctionMembers, account: Account): { functionName: string; qualifier: string } {
  const ref = functionRef(input, account);
  return { functionName: ref.name, qualifier: urlQualifier(ref.qualifier) };
}

/** What a create or update asks for: the URL (from the path) and its settings (from the body). */
function urlInput<B extends z.output<typeof updateBody> & FunctionMembers>(
  body: B,
  account: Account,
): {
  functionName: string;
  qualifier: string;
  authType: B['AuthType'];
  cors: B['Cors'];
  invokeMode: B['InvokeMode'];
} {
  return {
    ...target(body, account),
    authType: body.AuthType,
    cors: body.Cors,
    invokeMode: body.InvokeMode,
  };
}

function toConfig(
  urls: FunctionUrls,
  account: Account,
  record: FunctionUrlRecord,
  fields: { lastModified: boolean },
): Record<string, unknown> {
  return {
    FunctionUrl: urls.urlOf(record),
    FunctionArn: urlFunctionArn(account, record),
    AuthType: record.authType,
    ...(record.cors ? { Cors: record.cors } : {}),
    CreationTime: lambdaTimestamp(record.creationTime),
    ...(fields.lastModified ? { LastModifiedTime: lambdaTimestamp(record.lastModifiedTime) } : {}),
    InvokeMode: record.invokeMode,
  };
}

export const createFunctionUrlConfig = restOperation({
  name: 'CreateFunctionUrlConfig',
  http: { method: 'POST', path: PATH, query: QUALIFIER_QUERY, status: 201 },
  input: () => createBody.extend(qualified),
  async handle(body, { registry, functionUrls }: LambdaDeps) {
    const record = await functionUrls.create(urlInput(body, registry.account));
    return toConfig(functionUrls, registry.account, record, { lastModified: false });
  },
});

export const getFunctionUrlConfig = restOperation({
  name: 'GetFunctionUrlConfig',
  http: { method: 'GET', path: PATH, query: QUALIFIER_QUERY },
  input: () => z.object(qualified),
  async handle(input, { registry, functionUrls }: LambdaDeps) {
    const { functionName, qualifier } = target(input, registry.account);
    const record = await functionUrls.get(functionName, qualifier);
    return toConfig(functionUrls, registry.account, record, { lastModified: true });
  },
});

export const updateFunctionUrlConfig = restOperation({
  name: 'UpdateFunctionUrlConfig',
  http: { method: 'PUT', path: PATH, query: QUALIFIER_QUERY },
  input: () => updateBody.extend(qualified),
  async handle(body, { registry, functionUrls }: LambdaDeps) {
    const record = await functionUrls.update(urlInput(body, registry.account));
    return toConfig(functionUrls, registry.account, record, { lastModified: true });
  },
});

export const deleteFunctionUrlConfig = restOperation({
  name: 'DeleteFunctionUrlConfig',
  http: { method: 'DELETE', path: PATH, query: QUALIFIER_QUERY, status: 204 },
  input: () => z.object(qualified),
  async handle(input, { registry, functionUrls }: LambdaDeps) {
    const { functionName, qualifier } = target(input, registry.account);
    await functionUrls.delete(functionName, qualifier);
    return undefined;
  },
});

export const listFunctionUrlConfigs = restOperation({
  name: 'ListFunctionUrlConfigs',
  http: { method: 'GET', path: '/2021-10-31/functions/:FunctionName/urls', query: LIST_QUERY },
  input: () => z.object({ ...functionLabel, ...listMembers }),
  async handle(input, { registry, functionUrls }: LambdaDeps) {
    const ref = functionRef(input, registry.account);
    const size = pageSize(input.MaxItems ?? null);
    const records = await functionUrls.list(ref.name);
    const { page, nextMarker } = pageOf(records, (r) => r.qualifier, input.Marker ?? null, size);
    return {
      FunctionUrlConfigs: page.map((r) =>
        toConfig(functionUrls, registry.account, r, { lastModified: true }),
      ),
      ...(nextMarker ? { NextMarker: nextMarker } : {}),
    };
  },
});

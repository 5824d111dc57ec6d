import { z } from 'zod';
import { urlFunctionArn, urlQualifier } from '../../functions/function-url-rules.js';
import type { FunctionUrls } from '../../functions/function-urls.js';
import type { Account } from '../../functions/names.js';
import type { FunctionUrlRecord } from '../../functions/store.js';
import { pageOf, pageSize } from '../paging.js';
import { awsEnum, awsInt, awsString, parseInput, parseJsonBody } from '../validation.js';
import { functionRef } from './function-name.js';
import { noContent, type LambdaRequest, type Operation } from './operation.js';
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
function target(request: LambdaRequest, account: Account): { functionName: string; qualifier: string } {
  const ref = functionRef(request, account);
  return { functionName: ref.name, qualifier: urlQualifier(ref.qualifier) };
}

/** What a create or update asks for: the URL (from the path) and its settings (from the body). */
function urlInput<B extends z.output<typeof updateBody>>(
  request: LambdaRequest,
  account: Account,
  schema: z.ZodType<B>,
): {
  functionName: string;
  qualifier: string;
  authType: B['AuthType'];
  cors: B['Cors'];
  invokeMode: B['InvokeMode'];
} {
  // The path is checked before the body, as before: a bad name is reported first.
  const url = target(request, account);
  const body = parseInput(schema, parseJsonBody(request.body));
  return {
    ...url,
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

export const createFunctionUrlConfig: Operation = {
  name: 'CreateFunctionUrlConfig',
  method: 'POST',
  path: PATH,
  async handle(request, { registry, functionUrls }) {
    const record = await functionUrls.create(urlInput(request, registry.account, createBody));
    return { status: 201, body: toConfig(functionUrls, registry.account, record, { lastModified: false }) };
  },
};

export const getFunctionUrlConfig: Operation = {
  name: 'GetFunctionUrlConfig',
  method: 'GET',
  path: PATH,
  async handle(request, { registry, functionUrls }) {
    const { functionName, qualifier } = target(request, registry.account);
    const record = await functionUrls.get(functionName, qualifier);
    return { status: 200, body: toConfig(functionUrls, registry.account, record, { lastModified: true }) };
  },
};

export const updateFunctionUrlConfig: Operation = {
  name: 'UpdateFunctionUrlConfig',
  method: 'PUT',
  path: PATH,
  async handle(request, { registry, functionUrls }) {
    const record = await functionUrls.update(urlInput(request, registry.account, updateBody));
    return { status: 200, body: toConfig(functionUrls, registry.account, record, { lastModified: true }) };
  },
};

export const deleteFunctionUrlConfig: Operation = {
  name: 'DeleteFunctionUrlConfig',
  method: 'DELETE',
  path: PATH,
  async handle(request, { registry, functionUrls }) {
    const { functionName, qualifier } = target(request, registry.account);
    await functionUrls.delete(functionName, qualifier);
    return noContent;
  },
};

export const listFunctionUrlConfigs: Operation = {
  name: 'ListFunctionUrlConfigs',
  method: 'GET',
  path: '/2021-10-31/functions/:FunctionName/urls',
  async handle(request, { registry, functionUrls }) {
    const ref = functionRef(request, registry.account);
    const size = pageSize(request.query.get('MaxItems'));
    const records = await functionUrls.list(ref.name);
    const { page, nextMarker } = pageOf(records, (r) => r.qualifier, request.query.get('Marker'), size);
    return {
      status: 200,
      body: {
        FunctionUrlConfigs: page.map((r) =>
          toConfig(functionUrls, registry.account, r, { lastModified: true }),
        ),
        ...(nextMarker ? { NextMarker: nextMarker } : {}),
      },
    };
  },
};

import { z } from 'zod';
import type { EventInvokeConfigRecord, EventInvokeSettings } from '../../functions/event-invoke-store.js';
import { functionArn, type Account } from '../../functions/names.js';
import { pageOf, pageSize } from '../paging.js';
import { awsInt, awsString, parseInput, parseJsonBody } from '../validation.js';
import { functionRef } from './function-name.js';
import { noContent, type LambdaRequest, type Operation } from './operation.js';

/** Asynchronous invocation settings (Lambda API 2019-09-25: PutFunctionEventInvokeConfig and siblings). */

const PATH = '/2019-09-25/functions/:FunctionName/event-invoke-config';

const destination = z.object({ Destination: awsString({ max: 350 }).optional() });
const settingsBody = z.object({
  MaximumRetryAttempts: awsInt({ min: 0, max: 2 }).optional(),
  MaximumEventAgeInSeconds: awsInt({ min: 60, max: 21600 }).optional(),
  DestinationConfig: z
    .object({ OnSuccess: destination.optional(), OnFailure: destination.optional() })
    .optional(),
});
type SettingsBody = z.output<typeof settingsBody>;

function settingsOf(body: SettingsBody): EventInvokeSettings {
  const onSuccess = body.DestinationConfig?.OnSuccess?.Destination;
  const onFailure = body.DestinationConfig?.OnFailure?.Destination;
  return {
    ...(body.MaximumRetryAttempts !== undefined ? { maximumRetryAttempts: body.MaximumRetryAttempts } : {}),
    ...(body.MaximumEventAgeInSeconds !== undefined
      ? { maximumEventAgeInSeconds: body.MaximumEventAgeInSeconds }
      : {}),
    ...(onSuccess ? { onSuccess } : {}),
    ...(onFailure ? { onFailure } : {}),
  };
}

/** The `FunctionEventInvokeConfig` shape: both destinations always present, as AWS sends them. */
export function toEventInvokeConfig(account: Account, r: EventInvokeConfigRecord): Record<string, unknown> {
  return {
    LastModified: r.lastModified / 1000,
    FunctionArn: functionArn(account, r.functionName, r.qualifier),
    ...(r.maximumRetryAttempts !== undefined ? { MaximumRetryAttempts: r.maximumRetryAttempts } : {}),
    ...(r.maximumEventAgeInSeconds !== undefined
      ? { MaximumEventAgeInSeconds: r.maximumEventAgeInSeconds }
      : {}),
    DestinationConfig: {
      OnSuccess: r.onSuccess ? { Destination: r.onSuccess } : {},
      OnFailure: r.onFailure ? { Destination: r.onFailure } : {},
    },
  };
}

function target(request: LambdaRequest, account: Account): { name: string; qualifier: string | undefined } {
  const ref = functionRef(request, account);
  return { name: ref.name, qualifier: ref.qualifier };
}

export const putFunctionEventInvokeConfig: Operation = {
  name: 'PutFunctionEventInvokeConfig',
  method: 'PUT',
  path: PATH,
  async handle(request, { registry, eventInvokeConfigs }) {
    const { name, qualifier } = target(request, registry.account);
    const body = parseInput(settingsBody, parseJsonBody(request.body));
    const record = await eventInvokeConfigs.put(name, qualifier, settingsOf(body));
    return { status: 200, body: toEventInvokeConfig(registry.account, record) };
  },
};

export const updateFunctionEventInvokeConfig: Operation = {
  name: 'UpdateFunctionEventInvokeConfig',
  method: 'POST',
  path: PATH,
  async handle(request, { registry, eventInvokeConfigs }) {
    const { name, qualifier } = target(request, registry.account);
    const body = parseInput(settingsBody, parseJsonBody(request.body));
    const record = await eventInvokeConfigs.update(
      name,
      qualifier,
      settingsOf(body),
      body.DestinationConfig !== undefined,
    );
    return { status: 200, body: toEventInvokeConfig(registry.account, record) };
  },
};

export const getFunctionEventInvokeConfig: Operation = {
  name: 'GetFunctionEventInvokeConfig',
  method: 'GET',
  path: PATH,
  async handle(request, { registry, eventInvokeConfigs }) {
    const { name, qualifier } = target(request, registry.account);
    const record = await eventInvokeConfigs.get(name, qualifier);
    return { status: 200, body: toEventInvokeConfig(registry.account, record) };
  },
};

export const deleteFunctionEventInvokeConfig: Operation = {
  name: 'DeleteFunctionEventInvokeConfig',
  method: 'DELETE',
  path: PATH,
  async handle(request, { registry, eventInvokeConfigs }) {
    const { name, qualifier } = target(request, registry.account);
    await eventInvokeConfigs.delete(name, qualifier);
    return noContent;
  },
};

export const listFunctionEventInvokeConfigs: Operation = {
  name: 'ListFunctionEventInvokeConfigs',
  method: 'GET',
  path: `${PATH}/list`,
  async handle(request, { registry, eventInvokeConfigs }) {
    const { name } = target(request, registry.account);
    const size = Math.min(50, pageSize(request.query.get('MaxItems')));
    const records = await eventInvokeConfigs.list(name);
    const { page, nextMarker } = pageOf(records, (r) => r.qualifier, request.query.get('Marker'), size);
    return {
      status: 200,
      body: {
        FunctionEventInvokeConfigs: page.map((r) => toEventInvokeConfig(registry.account, r)),
        ...(nextMarker ? { NextMarker: nextMarker } : {}),
      },
    };
  },
};

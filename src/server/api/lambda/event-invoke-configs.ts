import { z } from 'zod';
import type { EventInvokeConfigRecord, EventInvokeSettings } from '../../functions/event-invoke-store.js';
import { functionArn, type Account } from '../../functions/names.js';
import { pageOf, pageSize } from '../paging.js';
import { restOperation } from '../rest-operation.js';
import { awsInt, awsString } from '../validation.js';
import { functionRef, type FunctionMembers } from './function-name.js';
import {
  functionLabel,
  LIST_QUERY,
  listMembers,
  qualified,
  QUALIFIER_QUERY,
  type LambdaDeps,
} from './operation.js';

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

function target(input: FunctionMembers, account: Account): { name: string; qualifier: string | undefined } {
  const ref = functionRef(input, account);
  return { name: ref.name, qualifier: ref.qualifier };
}

export const putFunctionEventInvokeConfig = restOperation({
  name: 'PutFunctionEventInvokeConfig',
  http: { method: 'PUT', path: PATH, query: QUALIFIER_QUERY },
  input: () => settingsBody.extend(qualified),
  async handle(body, { registry, eventInvokeConfigs }: LambdaDeps) {
    const { name, qualifier } = target(body, registry.account);
    const record = await eventInvokeConfigs.put(name, qualifier, settingsOf(body));
    return toEventInvokeConfig(registry.account, record);
  },
});

export const updateFunctionEventInvokeConfig = restOperation({
  name: 'UpdateFunctionEventInvokeConfig',
  http: { method: 'POST', path: PATH, query: QUALIFIER_QUERY },
  input: () => settingsBody.extend(qualified),
  async handle(body, { registry, eventInvokeConfigs }: LambdaDeps) {
    const { name, qualifier } = target(body, registry.account);
    const record = await eventInvokeConfigs.update(
      name,
      qualifier,
      settingsOf(body),
      body.DestinationConfig !== undefined,
    );
    return toEventInvokeConfig(registry.account, record);
  },
});

export const getFunctionEventInvokeConfig = restOperation({
  name: 'GetFunctionEventInvokeConfig',
  http: { method: 'GET', path: PATH, query: QUALIFIER_QUERY },
  input: () => z.object(qualified),
  async handle(input, { registry, eventInvokeConfigs }: LambdaDeps) {
    const { name, qualifier } = target(input, registry.account);
    const record = await eventInvokeConfigs.get(name, qualifier);
    return toEventInvokeConfig(registry.account, record);
  },
});

export const deleteFunctionEventInvokeConfig = restOperation({
  name: 'DeleteFunctionEventInvokeConfig',
  http: { method: 'DELETE', path: PATH, query: QUALIFIER_QUERY, status: 204 },
  input: () => z.object(qualified),
  async handle(input, { registry, eventInvokeConfigs }: LambdaDeps) {
    const { name, qualifier } = target(input, registry.account);
    await eventInvokeConfigs.delete(name, qualifier);
    return undefined;
  },
});

export const listFunctionEventInvokeConfigs = restOperation({
  name: 'ListFunctionEventInvokeConfigs',
  http: { method: 'GET', path: `${PATH}/list`, query: LIST_QUERY },
  input: () => z.object({ ...functionLabel, ...listMembers }),
  async handle(input, { registry, eventInvokeConfigs }: LambdaDeps) {
    const { name } = target(input, registry.account);
    const size = Math.min(50, pageSize(input.MaxItems ?? null));
    const records = await eventInvokeConfigs.list(name);
    const { page, nextMarker } = pageOf(records, (r) => r.qualifier, input.Marker ?? null, size);
    return {
      FunctionEventInvokeConfigs: page.map((r) => toEventInvokeConfig(registry.account, r)),
      ...(nextMarker ? { NextMarker: nextMarker } : {}),
    };
  },
});

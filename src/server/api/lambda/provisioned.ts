import { z } from 'zod';
import type { ProvisionedView } from '../../invoke/warm-keeper.js';
import { functionArn, type Account } from '../../functions/names.js';
import { pageOf, pageSize } from '../paging.js';
import { restOperation } from '../rest-operation.js';
import { awsInt } from '../validation.js';
import { functionRef } from './function-name.js';
import { LIST_QUERY, listMembers, qualified, QUALIFIER_QUERY, type LambdaDeps } from './operation.js';

const PATH = '/2019-09-30/functions/:FunctionName/provisioned-concurrency';
const putBody = z.object({ ProvisionedConcurrentExecutions: awsInt({ min: 1 }) });

/** Provisioned concurrency's timestamp form: `2019-12-31T20:28:49+0000`. */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function toConfig(view: ProvisionedView): Record<string, unknown> {
  return {
    RequestedProvisionedConcurrentExecutions: view.record.requested,
    AvailableProvisionedConcurrentExecutions: view.allocated,
    AllocatedProvisionedConcurrentExecutions: view.allocated,
    Status: view.status,
    ...(view.reason ? { StatusReason: view.reason } : {}),
    LastModified: timestamp(view.record.lastModified),
  };
}

function toListItem(account: Account, view: ProvisionedView): Record<string, unknown> {
  return {
    FunctionArn: functionArn(account, view.record.functionName, view.record.qualifier),
    ...toConfig(view),
  };
}

export const putProvisionedConcurrencyConfig = restOperation({
  name: 'PutProvisionedConcurrencyConfig',
  http: { method: 'PUT', path: PATH, query: QUALIFIER_QUERY, status: 202 },
  input: () => putBody.extend(qualified),
  async handle(body, { registry, invoke }: LambdaDeps) {
    const ref = functionRef(body, registry.account);
    const view = await invoke.warmKeeper.put(ref.name, ref.qualifier, body.ProvisionedConcurrentExecutions);
    return toConfig(view);
  },
});

/** Get, or with `?List=ALL` ListProvisionedConcurrencyConfigs: both live on one path. */
export const getProvisionedConcurrencyConfig = restOperation({
  name: 'GetProvisionedConcurrencyConfig',
  http: { method: 'GET', path: PATH, query: { ...QUALIFIER_QUERY, ...LIST_QUERY, List: 'List' } },
  input: () => z.object({ ...qualified, ...listMembers, List: z.string().optional() }),
  async handle(input, { registry, invoke }: LambdaDeps) {
    const ref = functionRef(input, registry.account);
    if (input.List === 'ALL') {
      const views = await invoke.warmKeeper.list(ref.name);
      const { page, nextMarker } = pageOf(
        views,
        (v) => v.record.qualifier,
        input.Marker ?? null,
        pageSize(input.MaxItems ?? null),
      );
      return {
        ProvisionedConcurrencyConfigs: page.map((v) => toListItem(registry.account, v)),
        ...(nextMarker ? { NextMarker: nextMarker } : {}),
      };
    }
    return toConfig(await invoke.warmKeeper.get(ref.name, ref.qualifier));
  },
});

export const deleteProvisionedConcurrencyConfig = restOperation({
  name: 'DeleteProvisionedConcurrencyConfig',
  http: { method: 'DELETE', path: PATH, query: QUALIFIER_QUERY, status: 204 },
  input: () => z.object(qualified),
  async handle(input, { registry, invoke }: LambdaDeps) {
    const ref = functionRef(input, registry.account);
    await invoke.warmKeeper.delete(ref.name, ref.qualifier);
    return undefined;
  },
});

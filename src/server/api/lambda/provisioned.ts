import { z } from 'zod';
import type { ProvisionedView } from '../../invoke/warm-keeper.js';
import { functionArn, type Account } from '../../functions/names.js';
import { pageOf, pageSize } from '../paging.js';
import { awsInt, parseInput, parseJsonBody } from '../validation.js';
import { functionRef } from './function-name.js';
import { noContent, type Operation } from './operation.js';

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

export const putProvisionedConcurrencyConfig: Operation = {
  name: 'PutProvisionedConcurrencyConfig',
  method: 'PUT',
  path: PATH,
  async handle(request, { registry, invoke }) {
    const ref = functionRef(request, registry.account);
    const body = parseInput(putBody, parseJsonBody(request.body));
    const view = await invoke.warmKeeper.put(ref.name, ref.qualifier, body.ProvisionedConcurrentExecutions);
    return { status: 202, body: toConfig(view) };
  },
};

/** Get, or with `?List=ALL` ListProvisionedConcurrencyConfigs: both live on one path. */
export const getProvisionedConcurrencyConfig: Operation = {
  name: 'GetProvisionedConcurrencyConfig',
  method: 'GET',
  path: PATH,
  async handle(request, { registry, invoke }) {
    const ref = functionRef(request, registry.account);
    if (request.query.get('List') === 'ALL') {
      const views = await invoke.warmKeeper.list(ref.name);
      const { page, nextMarker } = pageOf(
        views,
        (v) => v.record.qualifier,
        request.query.get('Marker'),
        pageSize(request.query.get('MaxItems')),
      );
      return {
        status: 200,
        body: {
          ProvisionedConcurrencyConfigs: page.map((v) => toListItem(registry.account, v)),
          ...(nextMarker ? { NextMarker: nextMarker } : {}),
        },
      };
    }
    const view = await invoke.warmKeeper.get(ref.name, ref.qualifier);
    return { status: 200, body: toConfig(view) };
  },
};

export const deleteProvisionedConcurrencyConfig: Operation = {
  name: 'DeleteProvisionedConcurrencyConfig',
  method: 'DELETE',
  path: PATH,
  async handle(request, { registry, invoke }) {
    const ref = functionRef(request, registry.account);
    await invoke.warmKeeper.delete(ref.name, ref.qualifier);
    return noContent;
  },
};

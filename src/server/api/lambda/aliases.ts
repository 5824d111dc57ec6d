import { z } from 'zod';
import { aliasNotFound } from '../../functions/alias-rules.js';
import { functionNotFound } from '../../functions/errors.js';
import { functionArn, validateAliasName } from '../../functions/names.js';
import { pageOf, pageSize } from '../paging.js';
import { restOperation } from '../rest-operation.js';
import { latestOnly } from './function-name.js';
import { functionLabel, LIST_QUERY, listMembers, type LambdaDeps } from './operation.js';
import { createAliasBody, updateAliasBody } from './schemas.js';
import { toAliasConfiguration } from './wire.js';

const BASE = '/2015-03-31/functions/:FunctionName/aliases';
const alias = { ...functionLabel, Name: z.string() };

function aliasName(input: { Name: string }): string {
  validateAliasName(input.Name);
  return input.Name;
}

export const createAlias = restOperation({
  name: 'CreateAlias',
  http: { method: 'POST', path: BASE, status: 201 },
  input: () => createAliasBody.extend(functionLabel),
  async handle(body, { registry }: LambdaDeps) {
    const functionName = latestOnly(body, registry.account);
    const created = await registry.createAlias({
      functionName,
      name: body.Name,
      functionVersion: body.FunctionVersion,
      description: body.Description,
      weights: body.RoutingConfig?.AdditionalVersionWeights,
    });
    return toAliasConfiguration(registry.account, created);
  },
});

export const getAlias = restOperation({
  name: 'GetAlias',
  http: { method: 'GET', path: `${BASE}/:Name` },
  input: () => z.object(alias),
  async handle(input, { registry }: LambdaDeps) {
    const functionName = latestOnly(input, registry.account);
    const name = aliasName(input);
    const agg = await registry.load(functionName);
    if (!agg) throw functionNotFound(functionArn(registry.account, functionName));
    const found = agg.aliases.get(name);
    if (!found) throw aliasNotFound(registry.context(), functionName, name);
    return toAliasConfiguration(registry.account, found);
  },
});

export const updateAlias = restOperation({
  name: 'UpdateAlias',
  http: { method: 'PUT', path: `${BASE}/:Name` },
  input: () => updateAliasBody.extend(alias),
  async handle(body, { registry }: LambdaDeps) {
    const functionName = latestOnly(body, registry.account);
    const name = aliasName(body);
    const routing = body.RoutingConfig;
    const updated = await registry.updateAlias({
      functionName,
      name,
      functionVersion: body.FunctionVersion,
      description: body.Description,
      // `RoutingConfig: {}` clears routing just as an empty weights map does.
      weights: routing === undefined ? undefined : (routing.AdditionalVersionWeights ?? {}),
      revisionId: body.RevisionId,
    });
    return toAliasConfiguration(registry.account, updated);
  },
});

export const deleteAlias = restOperation({
  name: 'DeleteAlias',
  http: { method: 'DELETE', path: `${BASE}/:Name`, status: 204 },
  input: () => z.object(alias),
  async handle(input, { registry }: LambdaDeps) {
    const functionName = latestOnly(input, registry.account);
    await registry.deleteAlias(functionName, aliasName(input));
    return undefined;
  },
});

export const listAliases = restOperation({
  name: 'ListAliases',
  http: { method: 'GET', path: BASE, query: { ...LIST_QUERY, FunctionVersion: 'FunctionVersion' } },
  input: () => z.object({ ...functionLabel, ...listMembers, FunctionVersion: z.string().optional() }),
  async handle(input, { registry }: LambdaDeps) {
    const functionName = latestOnly(input, registry.account);
    const size = pageSize(input.MaxItems ?? null);
    const agg = await registry.load(functionName);
    if (!agg) throw functionNotFound(functionArn(registry.account, functionName));
    const version = input.FunctionVersion;
    const aliases = [...agg.aliases.values()].filter(
      (a) => version === undefined || a.functionVersion === version || a.routing?.version === version,
    );
    const { page, nextMarker } = pageOf(aliases, (a) => a.name, input.Marker ?? null, size);
    return {
      Aliases: page.map((a) => toAliasConfiguration(registry.account, a)),
      ...(nextMarker ? { NextMarker: nextMarker } : {}),
    };
  },
});

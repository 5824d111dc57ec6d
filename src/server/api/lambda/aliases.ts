import { aliasNotFound } from '../../functions/alias-rules.js';
import { functionNotFound } from '../../functions/errors.js';
import { functionArn, validateAliasName } from '../../functions/names.js';
import { pageOf, pageSize } from '../paging.js';
import { parseInput, parseJsonBody } from '../validation.js';
import { latestOnly } from './function-name.js';
import { noContent, type LambdaRequest, type Operation } from './operation.js';
import { createAliasBody, updateAliasBody } from './schemas.js';
import { toAliasConfiguration } from './wire.js';

const BASE = '/2015-03-31/functions/:FunctionName/aliases';

function aliasName(request: LambdaRequest): string {
  const name = request.params['Name'] ?? '';
  validateAliasName(name);
  return name;
}

export const createAlias: Operation = {
  name: 'CreateAlias',
  method: 'POST',
  path: BASE,
  async handle(request, { registry }) {
    const functionName = latestOnly(request, registry.account);
    const body = parseInput(createAliasBody, parseJsonBody(request.body));
    const alias = await registry.createAlias({
      functionName,
      name: body.Name,
      functionVersion: body.FunctionVersion,
      description: body.Description,
      weights: body.RoutingConfig?.AdditionalVersionWeights,
    });
    return { status: 201, body: toAliasConfiguration(registry.account, alias) };
  },
};

export const getAlias: Operation = {
  name: 'GetAlias',
  method: 'GET',
  path: `${BASE}/:Name`,
  async handle(request, { registry }) {
    const functionName = latestOnly(request, registry.account);
    const name = aliasName(request);
    const agg = await registry.load(functionName);
    if (!agg) throw functionNotFound(functionArn(registry.account, functionName));
    const alias = agg.aliases.get(name);
    if (!alias) throw aliasNotFound(registry.context(), functionName, name);
    return { status: 200, body: toAliasConfiguration(registry.account, alias) };
  },
};

export const updateAlias: Operation = {
  name: 'UpdateAlias',
  method: 'PUT',
  path: `${BASE}/:Name`,
  async handle(request, { registry }) {
    const functionName = latestOnly(request, registry.account);
    const name = aliasName(request);
    const body = parseInput(updateAliasBody, parseJsonBody(request.body));
    const routing = body.RoutingConfig;
    const alias = await registry.updateAlias({
      functionName,
      name,
      functionVersion: body.FunctionVersion,
      description: body.Description,
      // `RoutingConfig: {}` clears routing just as an empty weights map does.
      weights: routing === undefined ? undefined : (routing.AdditionalVersionWeights ?? {}),
      revisionId: body.RevisionId,
    });
    return { status: 200, body: toAliasConfiguration(registry.account, alias) };
  },
};

export const deleteAlias: Operation = {
  name: 'DeleteAlias',
  method: 'DELETE',
  path: `${BASE}/:Name`,
  async handle(request, { registry }) {
    const functionName = latestOnly(request, registry.account);
    await registry.deleteAlias(functionName, aliasName(request));
    return noContent;
  },
};

export const listAliases: Operation = {
  name: 'ListAliases',
  method: 'GET',
  path: BASE,
  async handle(request, { registry }) {
    const functionName = latestOnly(request, registry.account);
    const size = pageSize(request.query.get('MaxItems'));
    const agg = await registry.load(functionName);
    if (!agg) throw functionNotFound(functionArn(registry.account, functionName));
    const version = request.query.get('FunctionVersion');
    const aliases = [...agg.aliases.values()].filter(
      (a) => version === null || a.functionVersion === version || a.routing?.version === version,
    );
    const { page, nextMarker } = pageOf(aliases, (a) => a.name, request.query.get('Marker'), size);
    return {
      status: 200,
      body: {
        Aliases: page.map((a) => toAliasConfiguration(registry.account, a)),
        ...(nextMarker ? { NextMarker: nextMarker } : {}),
      },
    };
  },
};

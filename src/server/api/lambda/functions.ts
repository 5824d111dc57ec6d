import { z } from 'zod';
import { DEFAULT_SETTINGS, type ConfigSettings } from '../../functions/config-rules.js';
import { InvalidParameterValueException } from '../../functions/errors.js';
import { functionArn, LATEST, parseFunctionName } from '../../functions/names.js';
import { pageSize, decodeMarker, encodeMarker } from '../paging.js';
import { ValidationException } from '../../../common/errors.js';
import { constraintMessage } from '../../functions/names.js';
import type { ConfigCursor } from '../../functions/store.js';
import { restOperation } from '../rest-operation.js';
import { zipFromCode } from './code-input.js';
import { functionRef, latestOnly } from './function-name.js';
import {
  functionLabel,
  LIST_QUERY,
  listMembers,
  qualified,
  QUALIFIER_QUERY,
  requireAssumableRole,
  type LambdaDeps,
} from './operation.js';
import { createFunctionBody, updateFunctionCodeBody, updateFunctionConfigurationBody } from './schemas.js';
import { settingsFrom } from './settings.js';
import { validateTags } from './tags.js';
import { toFunctionConfiguration } from './wire.js';

const BASE = '/2015-03-31/functions';

export const createFunction = restOperation({
  name: 'CreateFunction',
  http: { method: 'POST', path: BASE, status: 201 },
  input: () => createFunctionBody,
  async handle(body, { registry, roles, readS3 }: LambdaDeps) {
    const ref = parseFunctionName(body.FunctionName, registry.account);
    if (ref.qualifier !== undefined) {
      throw new InvalidParameterValueException(
        'A function name to create must not carry a version or alias qualifier.',
      );
    }
    const zip = await zipFromCode(body.Code, readS3);
    if (body.Runtime === undefined || body.Handler === undefined) {
      throw new InvalidParameterValueException(
        'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
      );
    }
    await requireAssumableRole(roles, body.Role);
    const settings: ConfigSettings = {
      ...DEFAULT_SETTINGS,
      runtime: body.Runtime,
      handler: body.Handler,
      role: body.Role,
      ...settingsFrom(body),
    };
    const tags = body.Tags ?? {};
    validateTags(tags);
    const result = await registry.createFunction({
      name: ref.name,
      settings,
      zip,
      publish: body.Publish ?? false,
      tags,
    });
    // Create reports the unqualified ARN even when it published version 1.
    const arn = functionArn(registry.account, ref.name);
    return toFunctionConfiguration(registry.account, ref.name, result.config, result.version, arn);
  },
});

export const getFunction = restOperation({
  name: 'GetFunction',
  http: { method: 'GET', path: `${BASE}/:FunctionName`, query: QUALIFIER_QUERY },
  input: () => z.object(qualified),
  async handle(input, { registry, codeUrls, clock }: LambdaDeps, context) {
    const ref = functionRef(input, registry.account, 'namespaced');
    const resolved = await registry.resolve(ref.name, ref.qualifier);
    const agg = await registry.load(ref.name);
    const { tags, reservedConcurrency } = agg!.fn;
    return {
      Configuration: toFunctionConfiguration(
        registry.account,
        ref.name,
        resolved.config,
        resolved.version,
        resolved.arn,
      ),
      Code: {
        RepositoryType: 'S3',
        Location: codeUrls.url(context.baseUrl, resolved.config.code.sha256Hex, clock.now()),
      },
      ...(Object.keys(tags).length > 0 ? { Tags: tags } : {}),
      ...(reservedConcurrency !== undefined
        ? { Concurrency: { ReservedConcurrentExecutions: reservedConcurrency } }
        : {}),
    };
  },
});

export const getFunctionConfiguration = restOperation({
  name: 'GetFunctionConfiguration',
  http: { method: 'GET', path: `${BASE}/:FunctionName/configuration`, query: QUALIFIER_QUERY },
  input: () => z.object(qualified),
  async handle(input, { registry }: LambdaDeps) {
    const ref = functionRef(input, registry.account, 'namespaced');
    const resolved = await registry.resolve(ref.name, ref.qualifier);
    return toFunctionConfiguration(
      registry.account,
      ref.name,
      resolved.config,
      resolved.version,
      resolved.arn,
    );
  },
});

export const updateFunctionCode = restOperation({
  name: 'UpdateFunctionCode',
  http: { method: 'PUT', path: `${BASE}/:FunctionName/code` },
  input: () => updateFunctionCodeBody.extend(functionLabel),
  async handle(body, { registry, readS3 }: LambdaDeps) {
    const name = latestOnly(body, registry.account);
    const zip = await zipFromCode(body, readS3);
    if (body.DryRun) {
      const resolved = await registry.resolve(name, undefined);
      return toFunctionConfiguration(registry.account, name, resolved.config, LATEST, resolved.arn);
    }
    const result = await registry.updateFunctionCode({
      name,
      zip,
      publish: body.Publish ?? false,
      revisionId: body.RevisionId,
    });
    const arn = functionArn(registry.account, name, result.version === LATEST ? undefined : result.version);
    return toFunctionConfiguration(registry.account, name, result.config, result.version, arn);
  },
});

export const updateFunctionConfiguration = restOperation({
  name: 'UpdateFunctionConfiguration',
  http: { method: 'PUT', path: `${BASE}/:FunctionName/configuration` },
  input: () => updateFunctionConfigurationBody.extend(functionLabel),
  async handle(body, { registry, roles }: LambdaDeps) {
    const name = latestOnly(body, registry.account);
    await requireAssumableRole(roles, body.Role);
    const result = await registry.updateFunctionConfiguration({
      name,
      settings: settingsFrom(body),
      revisionId: body.RevisionId,
    });
    const arn = functionArn(registry.account, name);
    return toFunctionConfiguration(registry.account, name, result.config, result.version, arn);
  },
});

export const deleteFunction = restOperation({
  name: 'DeleteFunction',
  http: { method: 'DELETE', path: `${BASE}/:FunctionName`, query: QUALIFIER_QUERY, status: 204 },
  input: () => z.object(qualified),
  async handle(input, { registry }: LambdaDeps) {
    const ref = functionRef(input, registry.account, 'namespaced');
    await registry.deleteFunction(ref.name, ref.qualifier);
    return undefined;
  },
});

function isCursor(value: unknown): value is ConfigCursor {
  const v = value as ConfigCursor;
  return (
    typeof v === 'object' && v !== null && typeof v.functionName === 'string' && typeof v.version === 'number'
  );
}

export const listFunctions = restOperation({
  name: 'ListFunctions',
  http: { method: 'GET', path: BASE, query: { ...LIST_QUERY, FunctionVersion: 'FunctionVersion' } },
  input: () => z.object({ ...listMembers, FunctionVersion: z.string().optional() }),
  async handle(input, { registry }: LambdaDeps) {
    const functionVersion = input.FunctionVersion;
    if (functionVersion !== undefined && functionVersion !== 'ALL') {
      throw new ValidationException(
        constraintMessage(functionVersion, 'functionVersion', 'Member must satisfy enum value set: [ALL]'),
      );
    }
    const allVersions = functionVersion === 'ALL';
    const limit = pageSize(input.MaxItems ?? null);
    const after = input.Marker ? decodeMarker(input.Marker, isCursor) : undefined;
    const rows = await registry.listConfigs({ after, limit: limit + 1, allVersions });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const account = registry.account;
    return {
      Functions: page.map((row) => {
        const version = row.version === 0 ? LATEST : String(row.version);
        const arn = allVersions
          ? functionArn(account, row.functionName, version)
          : functionArn(account, row.functionName);
        return toFunctionConfiguration(account, row.functionName, row.config, version, arn, {
          listItem: true,
        });
      }),
      ...(rows.length > limit && last
        ? { NextMarker: encodeMarker({ functionName: last.functionName, version: last.version }) }
        : {}),
    };
  },
});

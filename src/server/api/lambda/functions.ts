import { DEFAULT_SETTINGS, type ConfigSettings } from '../../functions/config-rules.js';
import { InvalidParameterValueException } from '../../functions/errors.js';
import { functionArn, LATEST, parseFunctionName } from '../../functions/names.js';
import { pageSize, decodeMarker, encodeMarker } from '../paging.js';
import { parseInput, parseJsonBody } from '../validation.js';
import { ValidationException } from '../../../common/errors.js';
import { constraintMessage } from '../../functions/names.js';
import type { ConfigCursor } from '../../functions/store.js';
import { zipFromCode } from './code-input.js';
import { functionRef, latestOnly } from './function-name.js';
import { noContent, requireAssumableRole, type Operation } from './operation.js';
import { createFunctionBody, updateFunctionCodeBody, updateFunctionConfigurationBody } from './schemas.js';
import { settingsFrom } from './settings.js';
import { validateTags } from './tags.js';
import { toFunctionConfiguration } from './wire.js';

const BASE = '/2015-03-31/functions';

export const createFunction: Operation = {
  name: 'CreateFunction',
  method: 'POST',
  path: BASE,
  async handle(request, { registry, roles, readS3 }) {
    const body = parseInput(createFunctionBody, parseJsonBody(request.body));
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
    return {
      status: 201,
      body: toFunctionConfiguration(registry.account, ref.name, result.config, result.version, arn),
    };
  },
};

export const getFunction: Operation = {
  name: 'GetFunction',
  method: 'GET',
  path: `${BASE}/:FunctionName`,
  async handle(request, { registry, codeUrls, clock }) {
    const ref = functionRef(request, registry.account, 'namespaced');
    const resolved = await registry.resolve(ref.name, ref.qualifier);
    const agg = await registry.load(ref.name);
    const { tags, reservedConcurrency } = agg!.fn;
    return {
      status: 200,
      body: {
        Configuration: toFunctionConfiguration(
          registry.account,
          ref.name,
          resolved.config,
          resolved.version,
          resolved.arn,
        ),
        Code: {
          RepositoryType: 'S3',
          Location: codeUrls.url(request.baseUrl, resolved.config.code.sha256Hex, clock.now()),
        },
        ...(Object.keys(tags).length > 0 ? { Tags: tags } : {}),
        ...(reservedConcurrency !== undefined
          ? { Concurrency: { ReservedConcurrentExecutions: reservedConcurrency } }
          : {}),
      },
    };
  },
};

export const getFunctionConfiguration: Operation = {
  name: 'GetFunctionConfiguration',
  method: 'GET',
  path: `${BASE}/:FunctionName/configuration`,
  async handle(request, { registry }) {
    const ref = functionRef(request, registry.account, 'namespaced');
    const resolved = await registry.resolve(ref.name, ref.qualifier);
    return {
      status: 200,
      body: toFunctionConfiguration(
        registry.account,
        ref.name,
        resolved.config,
        resolved.version,
        resolved.arn,
      ),
    };
  },
};

export const updateFunctionCode: Operation = {
  name: 'UpdateFunctionCode',
  method: 'PUT',
  path: `${BASE}/:FunctionName/code`,
  async handle(request, { registry, readS3 }) {
    const name = latestOnly(request, registry.account);
    const body = parseInput(updateFunctionCodeBody, parseJsonBody(request.body));
    const zip = await zipFromCode(body, readS3);
    if (body.DryRun) {
      const resolved = await registry.resolve(name, undefined);
      return {
        status: 200,
        body: toFunctionConfiguration(registry.account, name, resolved.config, LATEST, resolved.arn),
      };
    }
    const result = await registry.updateFunctionCode({
      name,
      zip,
      publish: body.Publish ?? false,
      revisionId: body.RevisionId,
    });
    const arn = functionArn(registry.account, name, result.version === LATEST ? undefined : result.version);
    return {
      status: 200,
      body: toFunctionConfiguration(registry.account, name, result.config, result.version, arn),
    };
  },
};

export const updateFunctionConfiguration: Operation = {
  name: 'UpdateFunctionConfiguration',
  method: 'PUT',
  path: `${BASE}/:FunctionName/configuration`,
  async handle(request, { registry, roles }) {
    const name = latestOnly(request, registry.account);
    const body = parseInput(updateFunctionConfigurationBody, parseJsonBody(request.body));
    await requireAssumableRole(roles, body.Role);
    const result = await registry.updateFunctionConfiguration({
      name,
      settings: settingsFrom(body),
      revisionId: body.RevisionId,
    });
    const arn = functionArn(registry.account, name);
    return {
      status: 200,
      body: toFunctionConfiguration(registry.account, name, result.config, result.version, arn),
    };
  },
};

export const deleteFunction: Operation = {
  name: 'DeleteFunction',
  method: 'DELETE',
  path: `${BASE}/:FunctionName`,
  async handle(request, { registry }) {
    const ref = functionRef(request, registry.account, 'namespaced');
    await registry.deleteFunction(ref.name, ref.qualifier);
    return noContent;
  },
};

function isCursor(value: unknown): value is ConfigCursor {
  const v = value as ConfigCursor;
  return (
    typeof v === 'object' && v !== null && typeof v.functionName === 'string' && typeof v.version === 'number'
  );
}

export const listFunctions: Operation = {
  name: 'ListFunctions',
  method: 'GET',
  path: BASE,
  async handle(request, { registry }) {
    const functionVersion = request.query.get('FunctionVersion');
    if (functionVersion !== null && functionVersion !== 'ALL') {
      throw new ValidationException(
        constraintMessage(functionVersion, 'functionVersion', 'Member must satisfy enum value set: [ALL]'),
      );
    }
    const allVersions = functionVersion === 'ALL';
    const limit = pageSize(request.query.get('MaxItems'));
    const marker = request.query.get('Marker');
    const after = marker ? decodeMarker(marker, isCursor) : undefined;
    const rows = await registry.listConfigs({ after, limit: limit + 1, allVersions });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const account = registry.account;
    return {
      status: 200,
      body: {
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
      },
    };
  },
};

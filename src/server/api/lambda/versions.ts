import { z } from 'zod';
import { functionNotFound } from '../../functions/errors.js';
import { functionArn, LATEST } from '../../functions/names.js';
import { pageOf, pageSize } from '../paging.js';
import { restOperation } from '../rest-operation.js';
import { latestOnly } from './function-name.js';
import { functionLabel, LIST_QUERY, listMembers, type LambdaDeps } from './operation.js';
import { publishVersionBody } from './schemas.js';
import { toFunctionConfiguration } from './wire.js';

const PATH = '/2015-03-31/functions/:FunctionName/versions';

export const publishVersion = restOperation({
  name: 'PublishVersion',
  http: { method: 'POST', path: PATH, status: 201 },
  input: () => publishVersionBody.extend(functionLabel),
  async handle(body, { registry }: LambdaDeps) {
    const name = latestOnly(body, registry.account);
    const version = await registry.publishVersion({
      name,
      codeSha256: body.CodeSha256,
      description: body.Description,
      revisionId: body.RevisionId,
    });
    const number = String(version.version);
    return toFunctionConfiguration(
      registry.account,
      name,
      version.config,
      number,
      functionArn(registry.account, name, number),
    );
  },
});

export const listVersionsByFunction = restOperation({
  name: 'ListVersionsByFunction',
  http: { method: 'GET', path: PATH, query: LIST_QUERY },
  input: () => z.object({ ...functionLabel, ...listMembers }),
  async handle(input, { registry }: LambdaDeps) {
    const name = latestOnly(input, registry.account);
    const size = pageSize(input.MaxItems ?? null);
    const agg = await registry.load(name);
    if (!agg) throw functionNotFound(functionArn(registry.account, name));
    const all = [
      { version: 0, config: agg.fn.latest },
      ...[...agg.versions.values()].map((v) => ({ version: v.version, config: v.config })),
    ];
    const { page, nextMarker } = pageOf(all, (item) => item.version, input.Marker ?? null, size);
    return {
      Versions: page.map((item) => {
        const version = item.version === 0 ? LATEST : String(item.version);
        const arn = functionArn(registry.account, name, version);
        return toFunctionConfiguration(registry.account, name, item.config, version, arn, { listItem: true });
      }),
      ...(nextMarker ? { NextMarker: nextMarker } : {}),
    };
  },
});

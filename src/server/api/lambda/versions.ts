import { functionNotFound } from '../../functions/errors.js';
import { functionArn, LATEST } from '../../functions/names.js';
import { pageOf, pageSize } from '../paging.js';
import { parseInput, parseJsonBody } from '../validation.js';
import { latestOnly } from './function-name.js';
import type { Operation } from './operation.js';
import { publishVersionBody } from './schemas.js';
import { toFunctionConfiguration } from './wire.js';

export const publishVersion: Operation = {
  name: 'PublishVersion',
  method: 'POST',
  path: '/2015-03-31/functions/:FunctionName/versions',
  async handle(request, { registry }) {
    const name = latestOnly(request, registry.account);
    const body = parseInput(publishVersionBody, parseJsonBody(request.body));
    const version = await registry.publishVersion({
      name,
      codeSha256: body.CodeSha256,
      description: body.Description,
      revisionId: body.RevisionId,
    });
    const number = String(version.version);
    return {
      status: 201,
      body: toFunctionConfiguration(
        registry.account,
        name,
        version.config,
        number,
        functionArn(registry.account, name, number),
      ),
    };
  },
};

export const listVersionsByFunction: Operation = {
  name: 'ListVersionsByFunction',
  method: 'GET',
  path: '/2015-03-31/functions/:FunctionName/versions',
  async handle(request, { registry }) {
    const name = latestOnly(request, registry.account);
    const size = pageSize(request.query.get('MaxItems'));
    const agg = await registry.load(name);
    if (!agg) throw functionNotFound(functionArn(registry.account, name));
    const all = [
      { version: 0, config: agg.fn.latest },
      ...[...agg.versions.values()].map((v) => ({ version: v.version, config: v.config })),
    ];
    const { page, nextMarker } = pageOf(all, (item) => item.version, request.query.get('Marker'), size);
    return {
      status: 200,
      body: {
        Versions: page.map((item) => {
          const version = item.version === 0 ? LATEST : String(item.version);
          const arn = functionArn(registry.account, name, version);
          return toFunctionConfiguration(registry.account, name, item.config, version, arn, {
            listItem: true,
          });
        }),
        ...(nextMarker ? { NextMarker: nextMarker } : {}),
      },
    };
  },
};

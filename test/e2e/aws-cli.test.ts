import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { awsCli } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let work: string;

/** Runs the AWS CLI on PATH against the test server, as a user following the seed recipe would. */
const aws = (...args: string[]): Promise<unknown> => awsCli(t, ...args);

beforeAll(async () => {
  t = await startTestServer();
  work = mkdtempSync(join(tmpdir(), 'gradual-cli-'));
  const source = (v: number): string =>
    `import json\n\ndef lambda_handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps({'version': '${v}'})}\n`;
  writeFileSync(join(work, 'function-v1.zip'), await buildZip({ 'lambda_function_v1.py': source(1) }));
  writeFileSync(join(work, 'function-v2.zip'), await buildZip({ 'lambda_function_v1.py': source(2) }));
});
afterAll(async () => {
  await t.dispose();
});

describe('the seed recipe with the AWS CLI', () => {
  it('create, publish, alias, weighted canary, promote, roll back, clean up', async () => {
    const fn = 'deployment-patterns-demo';
    await aws(
      'lambda',
      'create-function',
      '--function-name',
      fn,
      '--runtime',
      'python3.9',
      '--role',
      'arn:aws:iam::000000000000:role/lambda-role',
      '--handler',
      'lambda_function_v1.lambda_handler',
      '--zip-file',
      `fileb://${join(work, 'function-v1.zip')}`,
      '--description',
      'Demo function for deployment patterns',
    );
    await aws('lambda', 'wait', 'function-active', '--function-name', fn);
    const v1 = await aws(
      'lambda',
      'publish-version',
      '--function-name',
      fn,
      '--description',
      'Initial production version',
      '--query',
      'Version',
    );
    expect(v1).toBe('1');
    const alias = await aws(
      'lambda',
      'create-alias',
      '--function-name',
      fn,
      '--name',
      'production',
      '--function-version',
      '1',
      '--description',
      'Production alias for blue-green deployments',
    );
    expect(alias).toMatchObject({
      Name: 'production',
      FunctionVersion: '1',
      AliasArn: `arn:aws:lambda:us-east-1:000000000000:function:${fn}:production`,
    });

    await aws(
      'lambda',
      'update-function-code',
      '--function-name',
      fn,
      '--zip-file',
      `fileb://${join(work, 'function-v2.zip')}`,
    );
    await aws('lambda', 'wait', 'function-updated', '--function-name', fn);
    const v2 = await aws(
      'lambda',
      'publish-version',
      '--function-name',
      fn,
      '--description',
      'Version 2 with new features',
      '--query',
      'Version',
    );
    expect(v2).toBe('2');

    const canary = await aws(
      'lambda',
      'update-alias',
      '--function-name',
      fn,
      '--name',
      'production',
      '--function-version',
      '2',
      '--routing-config',
      '{"AdditionalVersionWeights": {"1": 0.9}}',
    );
    expect(canary).toMatchObject({
      FunctionVersion: '2',
      RoutingConfig: { AdditionalVersionWeights: { '1': 0.9 } },
    });

    const promoted = await aws(
      'lambda',
      'update-alias',
      '--function-name',
      fn,
      '--name',
      'production',
      '--function-version',
      '2',
      '--routing-config',
      '{}',
    );
    expect(promoted).toMatchObject({ FunctionVersion: '2' });
    expect((promoted as Record<string, unknown>)['RoutingConfig']).toBeUndefined();

    const rolledBack = await aws(
      'lambda',
      'update-alias',
      '--function-name',
      fn,
      '--name',
      'production',
      '--function-version',
      '1',
      '--routing-config',
      '{}',
    );
    expect(rolledBack).toMatchObject({ FunctionVersion: '1' });

    const table = await aws(
      'lambda',
      'list-versions-by-function',
      '--function-name',
      fn,
      '--query',
      'Versions[?Version!=`$LATEST`].[Version,Description]',
    );
    expect(table).toEqual([
      ['1', 'Initial production version'],
      ['2', 'Version 2 with new features'],
    ]);
    expect(await aws('lambda', 'get-alias', '--function-name', fn, '--name', 'production')).toMatchObject({
      FunctionVersion: '1',
    });

    await aws('lambda', 'delete-alias', '--function-name', fn, '--name', 'production');
    await aws('lambda', 'delete-function', '--function-name', fn);
    await expect(aws('lambda', 'get-function', '--function-name', fn)).rejects.toThrow(
      /ResourceNotFoundException.*Function not found/,
    );
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { awsCli } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);
let t: TestServer;
let work: string;

/** The AWS CLI on PATH against the test server. */
async function aws(...args: string[]): Promise<Record<string, unknown> | undefined> {
  return (await awsCli(t, ...args)) as Record<string, unknown> | undefined;
}

/** curl, as a user would call the URL: status line, then the body. */
async function curl(...args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...args]);
  const at = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
}

beforeAll(async () => {
  t = await startTestServer();
  work = mkdtempSync(join(tmpdir(), 'gradual-url-cli-'));
  const source =
    'import json\n\ndef lambda_handler(event, context):\n' +
    "    return {'statusCode': 200, 'headers': {'content-type': 'application/json'}, " +
    "'body': json.dumps({'path': event['rawPath'], 'q': event.get('queryStringParameters')})}\n";
  writeFileSync(join(work, 'fn.zip'), await buildZip({ 'app.py': source }));
});
afterAll(async () => {
  await t.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('function URLs with the AWS CLI and curl', () => {
  it('create, call with curl (host- and path-style), get, list, update, throttle, delete', async () => {
    await aws(
      'lambda',
      'create-function',
      '--function-name',
      'py-web',
      '--runtime',
      'python3.12',
      '--role',
      'arn:aws:iam::000000000000:role/lambda-role',
      '--handler',
      'app.lambda_handler',
      '--zip-file',
      `fileb://${join(work, 'fn.zip')}`,
    );
    await aws('lambda', 'wait', 'function-active-v2', '--function-name', 'py-web');
    const created = await aws(
      'lambda',
      'create-function-url-config',
      '--function-name',
      'py-web',
      '--auth-type',
      'NONE',
    );
    const url = String(created!['FunctionUrl']);
    expect(url).toMatch(/^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/);

    const host = await curl(`${url}hello?x=1&x=2`);
    expect(host.status).toBe(200);
    expect(JSON.parse(host.body)).toEqual({ path: '/hello', q: { x: '1,2' } });
    const id = new URL(url).hostname.split('.')[0];
    const path = await curl(`${t.server.gateway.url}/lambda-url/${id}/a/b`);
    expect(JSON.parse(path.body)).toEqual({ path: '/a/b', q: null });

    expect(await aws('lambda', 'get-function-url-config', '--function-name', 'py-web')).toMatchObject({
      FunctionUrl: url,
      AuthType: 'NONE',
    });
    const listed = await aws('lambda', 'list-function-url-configs', '--function-name', 'py-web');
    expect(listed!['FunctionUrlConfigs']).toHaveLength(1);
    const updated = await aws(
      'lambda',
      'update-function-url-config',
      '--function-name',
      'py-web',
      '--cors',
      'AllowOrigins=https://example.com,MaxAge=60',
    );
    expect(updated).toMatchObject({ Cors: { AllowOrigins: ['https://example.com'], MaxAge: 60 } });

    // Reserved concurrency 0 switches a URL off: 429, as AWS documents.
    await aws(
      'lambda',
      'put-function-concurrency',
      '--function-name',
      'py-web',
      '--reserved-concurrent-executions',
      '0',
    );
    const throttled = await curl(url);
    expect(throttled.status).toBe(429);
    await aws('lambda', 'delete-function-concurrency', '--function-name', 'py-web');

    await aws('lambda', 'delete-function-url-config', '--function-name', 'py-web');
    const gone = await curl(url);
    expect(gone.status).toBe(404);
  });
});

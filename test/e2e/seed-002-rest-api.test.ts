import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { seededRandom } from '../../src/common/random.js';
import { awsCli } from '../support/aws-cli.js';
import { BASIC_EXECUTION, LAMBDA_TRUST } from '../support/iam.js';
import { startTestServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);
let t: TestServer;
let work: string;

/** The seed recipe's handlers (002, steps 2 and 7), word for word. */
const handler = (version: string, message: string, environment: string, features = ''): string => `import json
import os

def lambda_handler(event, context):
    version = "${version}"
    message = "${message}"

    return {
        'statusCode': 200,
        'headers': {
            'Content-Type': 'application/json',
            'Access-Control-Allow-Origin': '*'
        },
        'body': json.dumps({
            'version': version,
            'message': message,
            'timestamp': context.aws_request_id,
            'environment': '${environment}'${features}
        })
    }
`;
const V1 = handler('1.0.0', 'Hello from Lambda Version 1 - Blue Environment', 'blue');
const V2 = handler(
  '2.0.0',
  'Hello from Lambda Version 2 - Green Environment with NEW FEATURES!',
  'green',
  ",\n            'features': ['enhanced_logging', 'improved_performance']",
);

/** The AWS CLI v1 on PATH, against the test server, as a user following the recipe would. */
const aws = (...args: string[]): Promise<unknown> => awsCli(t, ...args);

/** `curl -s -i <url>`: status, headers and body exactly as received. */
async function curl(url: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { stdout } = await run('curl', ['-s', '-i', url]);
  const end = stdout.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = stdout.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine!.split(' ')[1]), headers, body: stdout.slice(end + 4) };
}

/** What Python's json.dumps makes of the handler's body: the exact bytes the API must return. */
function pythonBody(fields: [string, string | string[]][]): string {
  const value = (v: string | string[]): string =>
    Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : JSON.stringify(v);
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}: ${value(v)}`).join(', ')}}`;
}

const blue = (id: string): string =>
  pythonBody([
    ['version', '1.0.0'],
    ['message', 'Hello from Lambda Version 1 - Blue Environment'],
    ['timestamp', id],
    ['environment', 'blue'],
  ]);

beforeAll(async () => {
  // A seeded routing draw makes the canary's split reproducible.
  t = await startTestServer({}, { routingRandom: seededRandom(2) });
  work = mkdtempSync(join(tmpdir(), 'gradual-seed-002-'));
  writeFileSync(join(work, 'function-v1.zip'), await buildZip({ 'lambda_function_v1.py': V1 }));
  writeFileSync(join(work, 'function-v2.zip'), await buildZip({ 'lambda_function_v2.py': V2 }));
});
afterAll(async () => {
  await t.dispose();
});

describe('seed 002: a REST API in front of the production alias, with the AWS CLI and curl', () => {
  it('steps 2-11: create, integrate, deploy, canary, promote, roll back, delete', async () => {
    const fn = 'deploy-patterns-demo-e2e';
    const region = 'us-east-1';
    const accountId = '000000000000';
    // Step 1: the execution role, with the seed's own commands.
    await aws(
      'iam',
      'create-role',
      '--role-name',
      'lambda-deploy-role',
      '--assume-role-policy-document',
      LAMBDA_TRUST,
    );
    await aws(
      'iam',
      'attach-role-policy',
      '--role-name',
      'lambda-deploy-role',
      '--policy-arn',
      BASIC_EXECUTION,
    );
    // Steps 2-3 (set-up): the function, version 1 and the production alias.
    await aws(
      'lambda',
      'create-function',
      '--function-name',
      fn,
      '--runtime',
      'python3.9',
      '--role',
      `arn:aws:iam::${accountId}:role/lambda-deploy-role`,
      '--handler',
      'lambda_function_v1.lambda_handler',
      '--zip-file',
      `fileb://${join(work, 'function-v1.zip')}`,
      '--description',
      'Demo function for deployment patterns',
    );
    await aws('lambda', 'wait', 'function-active', '--function-name', fn);
    const v1 = (await aws(
      'lambda',
      'publish-version',
      '--function-name',
      fn,
      '--description',
      'Initial production version',
      '--query',
      'Version',
    )) as string;
    await aws(
      'lambda',
      'create-alias',
      '--function-name',
      fn,
      '--name',
      'production',
      '--function-version',
      v1,
      '--description',
      'Production alias for blue-green deployments',
    );
    const aliasArn = `arn:aws:lambda:${region}:${accountId}:function:${fn}:production`;

    // Step 4: the REST API and its root resource.
    const apiId = (await aws(
      'apigateway',
      'create-rest-api',
      '--name',
      'deployment-api-e2e',
      '--description',
      'API for Lambda deployment patterns demo',
      '--query',
      'id',
    )) as string;
    expect(apiId).toMatch(/^[a-z0-9]{10}$/);
    const [rootId] = (await aws(
      'apigateway',
      'get-resources',
      '--rest-api-id',
      apiId,
      '--query',
      'items[?path==`/`].id',
    )) as string[];
    const resourceId = (await aws(
      'apigateway',
      'create-resource',
      '--rest-api-id',
      apiId,
      '--parent-id',
      rootId!,
      '--path-part',
      'demo',
      '--query',
      'id',
    )) as string;
    // GET /demo: the method put-method, put-integration and put-method-response address.
    const method = ['--rest-api-id', apiId, '--resource-id', resourceId, '--http-method', 'GET'];
    await aws('apigateway', 'put-method', ...method, '--authorization-type', 'NONE');

    // Step 5: the proxy integration to the alias, the method response, the permission.
    await aws(
      'apigateway',
      'put-integration',
      ...method,
      '--type',
      'AWS_PROXY',
      '--integration-http-method',
      'POST',
      '--uri',
      `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${aliasArn}/invocations`,
    );
    await aws('apigateway', 'put-method-response', ...method, '--status-code', '200');
    // API Gateway's permission to invoke the alias, from any stage and method of this API.
    const allowApiGateway = (): Promise<unknown> =>
      aws(
        'lambda',
        'add-permission',
        '--function-name',
        fn,
        '--qualifier',
        'production',
        '--statement-id',
        'api-gateway-invoke-permission',
        '--action',
        'lambda:InvokeFunction',
        '--principal',
        'apigateway.amazonaws.com',
        '--source-arn',
        `arn:aws:execute-api:${region}:${accountId}:${apiId}/*/*`,
      );
    const permission = (await allowApiGateway()) as { Statement: string };
    expect(JSON.parse(permission.Statement)).toMatchObject({ Resource: aliasArn });

    // Step 6: deploy to prod; curl reaches the handler through the stage URL.
    await aws(
      'apigateway',
      'create-deployment',
      '--rest-api-id',
      apiId,
      '--stage-name',
      'prod',
      '--description',
      'Initial deployment with version 1',
    );
    const gatewayPort = t.server.gateway.port;
    const apiUrl = `http://${apiId}.execute-api.localhost:${gatewayPort}/prod/demo`;
    const first = await curl(apiUrl);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['access-control-allow-origin']).toBe('*');
    expect(first.body).toBe(blue(first.headers['x-amzn-requestid']!));
    // The path-style URL, with fetch, answers the same.
    const pathStyle = `${t.server.gateway.url}/restapis/${apiId}/prod/_user_request_/demo`;
    const fetched = await fetch(pathStyle);
    expect(await fetched.text()).toBe(blue(fetched.headers.get('x-amzn-requestid')!));

    // Without the permission API Gateway cannot invoke the alias: 500, as AWS answers.
    await aws(
      'lambda',
      'remove-permission',
      '--function-name',
      fn,
      '--qualifier',
      'production',
      '--statement-id',
      'api-gateway-invoke-permission',
    );
    const denied = await curl(apiUrl);
    expect([denied.status, denied.body]).toEqual([500, '{"message":"Internal server error"}']);
    await allowApiGateway();
    expect((await curl(`http://${apiId}.execute-api.localhost:${gatewayPort}/prod/nothing`)).body).toBe(
      '{"message":"Missing Authentication Token"}',
    );

    // Step 7 (set-up): version 2. The recipe zips lambda_function_v2.py but keeps the v1 handler
    // setting, which would fail on AWS too; the handler is pointed at the new module.
    await aws(
      'lambda',
      'update-function-code',
      '--function-name',
      fn,
      '--zip-file',
      `fileb://${join(work, 'function-v2.zip')}`,
    );
    await aws('lambda', 'wait', 'function-updated', '--function-name', fn);
    await aws(
      'lambda',
      'update-function-configuration',
      '--function-name',
      fn,
      '--handler',
      'lambda_function_v2.lambda_handler',
    );
    await aws('lambda', 'wait', 'function-updated', '--function-name', fn);
    const v2 = (await aws(
      'lambda',
      'publish-version',
      '--function-name',
      fn,
      '--description',
      'Version 2 with new features',
      '--query',
      'Version',
    )) as string;

    // Step 8: the canary, 90% v1 / 10% v2, behind the same stage URL. (CLI v1's shorthand takes
    // no quoted keys, so `{"1"=0.9}` is written `{1=0.9}`.)
    // The production alias to `version`, weighted by `routing` ('{}': all traffic to it).
    const pointProduction = (version: string, routing = '{}'): Promise<unknown> =>
      aws(
        'lambda',
        'update-alias',
        '--function-name',
        fn,
        '--name',
        'production',
        '--function-version',
        version,
        '--routing-config',
        routing,
      );
    await pointProduction(v2, `AdditionalVersionWeights={${v1}=0.9}`);
    const environments = { blue: 0, green: 0 };
    for (let i = 0; i < 100; i++) {
      const reply = await fetch(pathStyle);
      expect(reply.status).toBe(200);
      const body = (await reply.json()) as { environment: 'blue' | 'green' };
      environments[body.environment] += 1;
    }
    // 100 weighted draws at 10%: well inside [2, 25] for any seed; this seed gives a fixed split.
    expect(environments.green).toBeGreaterThanOrEqual(2);
    expect(environments.green).toBeLessThanOrEqual(25);
    expect(environments.blue + environments.green).toBe(100);

    // Step 10: all traffic to v2.
    await pointProduction(v2);
    for (let i = 0; i < 5; i++) {
      const reply = await curl(apiUrl);
      expect(reply.body).toBe(
        pythonBody([
          ['version', '2.0.0'],
          ['message', 'Hello from Lambda Version 2 - Green Environment with NEW FEATURES!'],
          ['timestamp', reply.headers['x-amzn-requestid']!],
          ['environment', 'green'],
          ['features', ['enhanced_logging', 'improved_performance']],
        ]),
      );
    }

    // Step 11: instant rollback to v1, then back to v2.
    await pointProduction(v1);
    const rolledBack = await curl(apiUrl);
    expect(rolledBack.body).toBe(blue(rolledBack.headers['x-amzn-requestid']!));
    await pointProduction(v2);
    expect(((await (await fetch(pathStyle)).json()) as { version: string }).version).toBe('2.0.0');

    // Clean-up: deleting the API takes its stage off the gateway.
    await aws('apigateway', 'delete-rest-api', '--rest-api-id', apiId);
    expect((await curl(apiUrl)).status).toBe(404);
    expect((await aws('apigateway', 'get-rest-apis', '--query', 'items[].id')) as string[]).not.toContain(
      apiId,
    );
  });
});

import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasOf } from '../support/codedeploy.js';
import { runGradual, type CliRun } from '../support/deploy-cli.js';
import { gatewayRequest, pathStyle } from '../support/gateway.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Api events and FunctionUrlConfig from a SAM template, served by the HTTP gateway. */
let t: TestServer;
let app: string;

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Web:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: web/
      Handler: index.handler
      Runtime: nodejs20.x
      # Lambda's 3 s default is 50 ms at 60x: a loaded machine's cold start answered 502 once.
      Timeout: 30
      AutoPublishAlias: live
      DeploymentPreference: { Type: AllAtOnce }
      FunctionUrlConfig: { AuthType: NONE }
      Events:
        Hello: { Type: Api, Properties: { Path: /hello, Method: get } }
        Item: { Type: Api, Properties: { Path: "/items/{id}", Method: any } }
Outputs:
  ApiUrl:
    Value: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/hello"
  WebUrl:
    Value: !GetAtt WebUrl.FunctionUrl
`;

function code(version: string): void {
  writeFileSync(
    join(app, 'web/index.js'),
    `exports.handler = async (event) => ({ statusCode: 200, body: '${version} ' + (event.path || event.rawPath) });\n`,
  );
}

beforeAll(async () => {
  t = await startTestServer({ timeScale: 60 });
  app = mkdtempSync(join(tmpdir(), 'gradual-sam-web-'));
  mkdirSync(join(app, 'web'));
  writeFileSync(join(app, 'template.yaml'), TEMPLATE);
  code('v1');
});
afterAll(async () => {
  await t.dispose();
  rmSync(app, { recursive: true, force: true });
});

function deploy(...extra: string[]): Promise<CliRun> {
  return runGradual(
    ['deploy', '--stack-name', 'web', '--endpoint', t.server.url, '--data-dir', t.dataDir, ...extra],
    { cwd: app },
  );
}

function restUrl(run: CliRun, path: string): string {
  const id = /ApiUrl = http:\/\/(\w+)\.execute-api/.exec(run.stdout)![1]!;
  return `${t.server.gateway.url}/restapis/${id}/Prod/_user_request_${path}`;
}

describe('gradual deploy: Api events and FunctionUrlConfig', () => {
  it('Given Api events and a function URL, the REST API routes and the URL reach the alias', async () => {
    const run = await deploy();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ServerlessRestApi CREATE_COMPLETE');
    expect(run.stdout).toContain('ServerlessRestApiProdStage CREATE_COMPLETE');
    expect(run.stdout).toContain('WebUrl CREATE_COMPLETE');
    expect(run.stdout).toContain('Stack web: CREATE_COMPLETE.');
    const url = /WebUrl = (http:\/\/\S+)/.exec(run.stdout)![1]!;
    expect(url).toMatch(/^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/);

    const hello = await gatewayRequest(restUrl(run, '/hello'));
    expect([hello.status, hello.text]).toEqual([200, 'v1 /hello']);
    const item = await gatewayRequest(restUrl(run, '/items/42'), { method: 'DELETE' });
    expect([item.status, item.text]).toEqual([200, 'v1 /items/42']);
    const viaUrl = await gatewayRequest(`${pathStyle(t.server.gateway.url, url)}/x`);
    expect([viaUrl.status, viaUrl.text]).toEqual([200, 'v1 /x']);
  });

  it('Given new code, the routes are unchanged and serve the new version once its deployment succeeds', async () => {
    code('v2');
    const run = await deploy();
    expect(run.code).toBe(0);
    // The API, its stage and the URL are not touched: only the function, its version and alias.
    expect(run.stdout).toContain('Modify WebAliaslive (AWS::Lambda::Alias)');
    expect(run.stdout).not.toMatch(/ServerlessRestApi\S* UPDATE_/);
    expect(run.stdout).not.toContain('WebUrl UPDATE_');
    expect(run.stdout).toContain('Stack web: UPDATE_COMPLETE.');
    expect(await aliasOf(t.lambda, 'web-Web')).toEqual({ version: '2', weights: undefined });
    const hello = await gatewayRequest(restUrl(run, '/hello'));
    expect([hello.status, hello.text]).toEqual([200, 'v2 /hello']);
  });

  it('Given --no-wait, deploy starts the deployment and returns at once', async () => {
    code('v3');
    const run = await deploy('--no-wait');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('change set: UPDATE');
    expect(run.stdout).not.toContain('Following');
    expect(run.stdout).toContain('Stack web: change set executed (not waiting).');
    await waitFor(async () => (await aliasOf(t.lambda, 'web-Web')).version === '3');
    await waitFor(async () => (await stackStatus()) === 'UPDATE_COMPLETE');
  });

  it('Given a function renamed in the template, deploy creates the new one and deletes the old one', async () => {
    writeFileSync(
      join(app, 'template.yaml'),
      TEMPLATE.replace(/\n {2}Web:/, '\n  Site:').replace(/WebUrl/g, 'SiteUrl'),
    );
    const run = await deploy();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Site CREATE_COMPLETE');
    // Removed from the template: deleted once the update succeeded (CloudFormation's cleanup).
    expect(run.stdout).toContain('Remove Web (AWS::Lambda::Function)');
    expect(run.stdout).toContain('Web DELETE_COMPLETE');
    await expect(t.lambda.send(new GetFunctionCommand({ FunctionName: 'web-Web' }))).rejects.toThrow(
      /Function not found/,
    );
    const hello = await gatewayRequest(restUrl(run, '/hello'));
    expect([hello.status, hello.text]).toEqual([200, 'v3 /hello']);
  });
});

async function stackStatus(): Promise<string | undefined> {
  const cfn = new CloudFormationClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
  });
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: 'web' }))).Stacks?.[0]?.StackStatus;
  } finally {
    cfn.destroy();
  }
}

async function waitFor(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGradual, type CliRun } from '../support/deploy-cli.js';
import { gatewayRequest } from '../support/gateway.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** HttpApi events from a SAM template: the implicit ServerlessHttpApi, served by the HTTP gateway. */
let t: TestServer;
let app: string;

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Pets:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: pets/
      Handler: index.handler
      Runtime: nodejs20.x
      AutoPublishAlias: live
      Events:
        Get: { Type: HttpApi, Properties: { Path: "/pets/{petId}", Method: get } }
        Rest: { Type: HttpApi }
Outputs:
  HttpApiUrl:
    Value: !Sub "https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.amazonaws.com/"
`;

beforeAll(async () => {
  t = await startTestServer();
  app = mkdtempSync(join(tmpdir(), 'gradual-sam-http-'));
  mkdirSync(join(app, 'pets'));
  writeFileSync(join(app, 'template.yaml'), TEMPLATE);
  writeFileSync(
    join(app, 'pets/index.js'),
    `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ routeKey: event.routeKey, pathParameters: event.pathParameters, rawPath: event.rawPath }) });\n`,
  );
});
afterAll(async () => {
  await t.dispose();
  rmSync(app, { recursive: true, force: true });
});

function deploy(...extra: string[]): Promise<CliRun> {
  return runGradual(
    ['deploy', '--stack-name', 'pets', '--endpoint', t.server.url, '--data-dir', t.dataDir, ...extra],
    { cwd: app },
  );
}

function apiIdOf(run: CliRun): string {
  return /HttpApiUrl = http:\/\/(\w+)\.execute-api/.exec(run.stdout)![1]!;
}

describe('gradual deploy: HttpApi events', () => {
  it('Given HttpApi events, the implicit HTTP API routes reach the alias with a 2.0 event', async () => {
    const run = await deploy();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ServerlessHttpApi CREATE_COMPLETE');
    expect(run.stdout).toContain('Stack pets: CREATE_COMPLETE.');
    const apiId = apiIdOf(run);
    const host = `${apiId}.execute-api.localhost:${t.server.gateway.port}`;
    const pet = await gatewayRequest(`${t.server.gateway.url}/pets/rex`, { host });
    expect(pet.status).toBe(200);
    expect(pet.json()).toEqual({
      routeKey: 'GET /pets/{petId}',
      pathParameters: { petId: 'rex' },
      rawPath: '/pets/rex',
    });
    const other = await gatewayRequest(`${t.server.gateway.url}/httpapis/${apiId}/anything/else`, {
      method: 'POST',
    });
    expect(other.status).toBe(200);
    expect(other.json()).toEqual({ routeKey: '$default', rawPath: '/anything/else' });
  });

  it('Given the same template again, the API and its routes are unchanged; a removed event loses its route', async () => {
    const again = await deploy();
    expect(again.code).toBe(0);
    // Nothing to change: the outputs are shown all the same.
    expect(again.stdout).toContain('Stack pets: no changes.');
    expect(again.stdout).toContain('HttpApiUrl = http://');
    writeFileSync(join(app, 'template.yaml'), TEMPLATE.replace('        Rest: { Type: HttpApi }\n', ''));
    const run = await deploy();
    expect(run.code).toBe(0);
    expect(apiIdOf(run)).toBe(apiIdOf(again));
    expect(run.stdout).toContain('Modify ServerlessHttpApi (AWS::ApiGatewayV2::Api)');
    expect(run.stdout).toContain('ServerlessHttpApi UPDATE_COMPLETE');
    const gone = await gatewayRequest(`${t.server.gateway.url}/httpapis/${apiIdOf(run)}/anything`);
    expect([gone.status, gone.json()]).toEqual([404, { message: 'Not Found' }]);
  });
});

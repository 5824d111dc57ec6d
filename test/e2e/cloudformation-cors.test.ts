import { GetApiCommand } from '@aws-sdk/client-apigatewayv2';
import {
  CreateChangeSetCommand,
  DeleteStackCommand,
  ExecuteChangeSetCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackDeleteComplete,
  type ChangeSetType,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { cfnClients, eventLines, outputsOf, settled, type StackClients } from '../support/cloudformation.js';
import { gatewayRequest } from '../support/gateway.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * CORS from a template, deployed through change sets as `sam deploy` does: a SAM HttpApi's
 * `CorsConfiguration` and a raw AWS::ApiGatewayV2::Api's; browsers' preflights answered by the
 * gateway, the function's responses carrying the headers, and an update that drops them.
 */
let t: TestServer;
let c: StackClients;
const APP = 'https://app.example';

beforeAll(async () => {
  t = await startTestServer();
  c = cfnClients(t);
  const handler = `exports.handler = async (event) => ({ statusCode: 200, body: 'hi ' + (event.rawPath || event.path) });\n`;
  await c.s3.send(new CreateBucketCommand({ Bucket: 'art' }));
  await c.s3.send(
    new PutObjectCommand({ Bucket: 'art', Key: 'web.zip', Body: await buildZip({ 'index.js': handler }) }),
  );
});
afterAll(async () => {
  c.destroy();
  await t.dispose();
});

const template = (samCors: string, rawCors: string): string => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Shop:
    Type: AWS::Serverless::HttpApi
    Properties:
${samCors}
  Web:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://art/web.zip
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Items: { Type: HttpApi, Properties: { Path: /items, Method: get, ApiId: !Ref Shop } }
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: quick
      ProtocolType: HTTP
      Target: !GetAtt Web.Arn
      RouteKey: GET /items
${rawCors}
Outputs:
  ShopUrl:
    Value: !Sub "https://\${Shop}.execute-api.\${AWS::Region}.amazonaws.com/"
  QuickId:
    Value: !Ref Quick
`;
const SAM_CORS = `      CorsConfiguration:
        AllowOrigins: ['${APP}']
        AllowMethods: [GET, POST]
        AllowHeaders: [content-type]
        MaxAge: 300
        AllowCredentials: true`;
const RAW_CORS = `      CorsConfiguration:
        AllowOrigins: ['*']
        AllowMethods: ['*']`;

let changeSets = 0;
const deploy = (body: string, type: ChangeSetType) => deployStack('cors', body, type);

/** A request to `/items` as a browser at `origin` sends it, through the gateway to the output URL's API. */
function items(url: string, origin: string, preflight: boolean) {
  const u = new URL(url);
  return gatewayRequest(`${t.server.gateway.url}/items`, {
    host: u.host,
    method: preflight ? 'OPTIONS' : 'GET',
    headers: preflight ? { origin, 'access-control-request-method': 'GET' } : { origin },
  });
}

describe('CloudFormation: CORS on HTTP APIs', () => {
  it('deploys a SAM HttpApi with CorsConfiguration: preflights answered, responses carrying the headers', async () => {
    const status = await deploy(template(SAM_CORS, RAW_CORS), 'CREATE');
    expect(status, (await eventLines(c.cfn, 'cors')).join('\n')).toBe('CREATE_COMPLETE');
    const outputs = await outputsOf(c.cfn, 'cors');
    const shop = outputs.get('ShopUrl')!;

    const allowed = await items(shop, APP, true);
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '300',
      'access-control-allow-credentials': 'true',
    });
    const refused = await items(shop, 'https://evil.example', true);
    expect(refused.status).toBe(204);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const get = await items(shop, APP, false);
    expect(`${get.status} ${get.text}`).toBe('200 hi /items');
    expect(get.headers['access-control-allow-origin']).toBe(APP);

    const quick = await c.apigatewayv2.send(new GetApiCommand({ ApiId: outputs.get('QuickId')! }));
    expect(quick.CorsConfiguration).toEqual({ AllowOrigins: ['*'], AllowMethods: ['*'] });
  });

  it('drops the CORS configuration when an update removes it from the template', async () => {
    expect(await deploy(template('      Description: no cors', ''), 'UPDATE')).toBe('UPDATE_COMPLETE');
    const outputs = await outputsOf(c.cfn, 'cors');
    const preflight = await items(outputs.get('ShopUrl')!, APP, true);
    expect(preflight.status).toBe(404);
    const get = await items(outputs.get('ShopUrl')!, APP, false);
    expect(get.status).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const quick = await c.apigatewayv2.send(new GetApiCommand({ ApiId: outputs.get('QuickId')! }));
    expect(quick.CorsConfiguration).toBeUndefined();
  });
});

const REST = (cors: string): string => `
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors: "'${APP}'"
Resources:
  Shop:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
${cors}
  Web:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://art/web.zip
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Items: { Type: Api, Properties: { Path: /items, Method: get, RestApiId: !Ref Shop } }
        Public: { Type: Api, Properties: { Path: /items, Method: any } }
Outputs:
  ShopUrl:
    Value: !Sub "https://\${Shop}.execute-api.\${AWS::Region}.amazonaws.com/v1/"
  PublicUrl:
    Value: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/"
`;

const deployRest = (body: string, type: ChangeSetType) => deployStack('rest-cors', body, type);
const deployRaw = (body: string, type: ChangeSetType) => deployStack('raw-cors', body, type);

async function deployStack(stack: string, body: string, type: ChangeSetType): Promise<string> {
  const cs = await c.cfn.send(
    new CreateChangeSetCommand({
      StackName: stack,
      ChangeSetName: `cs-${++changeSets}`,
      ChangeSetType: type,
      TemplateBody: body,
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
    }),
  );
  await waitUntilChangeSetCreateComplete(
    { client: c.cfn, maxWaitTime: 30, minDelay: 1 },
    { ChangeSetName: cs.Id! },
  );
  await c.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id! }));
  return settled(c.cfn, stack, 60_000);
}

/** A browser's preflight for GET `items` under a stage URL. */
function restPreflight(url: string) {
  const u = new URL(url);
  return gatewayRequest(`${t.server.gateway.url}${u.pathname}items`, {
    host: u.host,
    method: 'OPTIONS',
    headers: { origin: APP, 'access-control-request-method': 'GET' },
  });
}

describe('CloudFormation: SAM Api Cors (REST APIs)', () => {
  it("answers each path's preflight from the generated OPTIONS MOCK method", async () => {
    const cors = `      Cors:
        AllowOrigin: "'${APP}'"
        AllowHeaders: "'Content-Type'"
        MaxAge: "'600'"`;
    const status = await deployRest(REST(cors), 'CREATE');
    expect(status, (await eventLines(c.cfn, 'rest-cors')).join('\n')).toBe('CREATE_COMPLETE');
    const outputs = await outputsOf(c.cfn, 'rest-cors');
    const shop = await restPreflight(outputs.get('ShopUrl')!);
    expect(shop.status).toBe(200);
    expect(shop.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET,OPTIONS',
      'access-control-allow-headers': 'Content-Type',
      'access-control-max-age': '600',
    });
    // The implicit API from Globals.Api.Cors: ANY allows every method.
    const open = await restPreflight(outputs.get('PublicUrl')!);
    expect(open.status).toBe(200);
    expect(open.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT',
    });
    const u = new URL(outputs.get('ShopUrl')!);
    const get = await gatewayRequest(`${t.server.gateway.url}${u.pathname}items`, { host: u.host });
    expect(`${get.status} ${get.text}`).toBe('200 hi /items');
  });
});

/** What CDK's `defaultCorsPreflightOptions` generates: an OPTIONS AWS::ApiGateway::Method with a MOCK. */
const RAW_PREFLIGHT = `
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: raw }
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items }
  ItemsOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        RequestTemplates: { application/json: '{ statusCode: 200 }' }
        IntegrationResponses:
          - StatusCode: '204'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'${APP}'"
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,GET'"
      MethodResponses:
        - StatusCode: '204'
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
            method.response.header.Access-Control-Allow-Methods: true
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: ItemsOptions
    Properties: { RestApiId: !Ref Api, StageName: live }
Outputs:
  Url:
    Value: !Sub https://\${Api}.execute-api.\${AWS::Region}.amazonaws.com/live/
`;

describe('CloudFormation: a raw MOCK preflight method', () => {
  it('is refused with the reason when its request template is VTL gradual does not evaluate', async () => {
    const vtl = RAW_PREFLIGHT.replace("'{ statusCode: 200 }'", `'#set($s = 200){"statusCode": $s}'`);
    expect(await deployRaw(vtl, 'CREATE')).toBe('ROLLBACK_COMPLETE');
    expect((await eventLines(c.cfn, 'raw-cors')).join('\n')).toMatch(
      /ItemsOptions CREATE_FAILED .*gradual does not evaluate VTL in MOCK request templates/,
    );
    await c.cfn.send(new DeleteStackCommand({ StackName: 'raw-cors' }));
    await waitUntilStackDeleteComplete(
      { client: c.cfn, maxWaitTime: 60, minDelay: 1 },
      { StackName: 'raw-cors' },
    );
  });

  it("answers the preflight with CDK's template: status 200 selects the default response, a 204", async () => {
    expect(await deployRaw(RAW_PREFLIGHT, 'CREATE')).toBe('CREATE_COMPLETE');
    const u = new URL((await outputsOf(c.cfn, 'raw-cors')).get('Url')!);
    const reply = await gatewayRequest(`${t.server.gateway.url}${u.pathname}items`, {
      host: u.host,
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'GET' },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers).toMatchObject({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'OPTIONS,GET',
    });
  });
});

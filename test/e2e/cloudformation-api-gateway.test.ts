import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import {
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeStackResourceCommand,
  ExecuteChangeSetCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackDeleteComplete,
  type ChangeSetType,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { eventLines, outputsOf, settled, stackServer } from '../support/cloudformation.js';
import { gatewayRequest } from '../support/gateway.js';

/**
 * A SAM template's `Api` and `HttpApi` events deployed through CloudFormation's change sets (what
 * `aws cloudformation deploy` and `sam deploy` call): the implicit APIs route real HTTP requests
 * through the gateway to the function, an update moves a route, a failed update puts it back.
 */
const s = stackServer();

beforeAll(async () => {
  const handler = `exports.handler = async (event) => ({ statusCode: 200, body: 'v1 ' + (event.path || event.rawPath) });\n`;
  await s.c.s3.send(new CreateBucketCommand({ Bucket: 'art' }));
  await s.c.s3.send(
    new PutObjectCommand({ Bucket: 'art', Key: 'web.zip', Body: await buildZip({ 'index.js': handler }) }),
  );
});

const sam = (restPath: string, httpPath: string, extra = ''): string => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Web:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://art/web.zip
      Handler: index.handler
      Runtime: nodejs20.x
      AutoPublishAlias: live
      Events:
        Rest: { Type: Api, Properties: { Path: ${restPath}, Method: get } }
        Http: { Type: HttpApi, Properties: { Path: ${httpPath}, Method: get } }
${extra}
Outputs:
  ApiUrl:
    Value: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/"
  HttpUrl:
    Value: !Sub "https://\${ServerlessHttpApi}.execute-api.\${AWS::Region}.amazonaws.com/"
`;

let changeSets = 0;

/** What `aws cloudformation deploy` does: a change set, its waiter, execute, then wait. */
async function deploy(stack: string, body: string, type: ChangeSetType): Promise<string> {
  const cs = await s.c.cfn.send(
    new CreateChangeSetCommand({
      StackName: stack,
      ChangeSetName: `cs-${++changeSets}`,
      ChangeSetType: type,
      TemplateBody: body,
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
    }),
  );
  await waitUntilChangeSetCreateComplete(
    { client: s.c.cfn, maxWaitTime: 30, minDelay: 1 },
    { ChangeSetName: cs.Id! },
  );
  await s.c.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id! }));
  return settled(s.c.cfn, stack, 60_000);
}

/** A GET through the gateway to the URL an output names, as curl would send it (`*.localhost`). */
async function get(url: string, path: string): Promise<string> {
  const u = new URL(url);
  const reply = await gatewayRequest(`${s.t.server.gateway.url}${u.pathname}${path}`, { host: u.host });
  return `${reply.status} ${reply.text}`;
}

describe('CloudFormation: SAM Api and HttpApi events', () => {
  it('deploys the implicit APIs, whose output URLs reach the function through the gateway', async () => {
    const status = await deploy('web', sam('/hello', '/hi'), 'CREATE');
    expect(status, (await eventLines(s.c.cfn, 'web')).join('\n')).toBe('CREATE_COMPLETE');
    const outputs = await outputsOf(s.c.cfn, 'web');
    const port = new URL(s.t.server.gateway.url).port;
    expect(outputs.get('ApiUrl')).toMatch(
      new RegExp(`^http://[a-z0-9]{10}\\.execute-api\\.us-east-1\\.localhost:${port}/Prod/$`),
    );
    expect(await get(outputs.get('ApiUrl')!, 'hello')).toBe('200 v1 /hello');
    expect(await get(outputs.get('HttpUrl')!, 'hi')).toBe('200 v1 /hi');
    const stage = await s.c.cfn.send(
      new DescribeStackResourceCommand({ StackName: 'web', LogicalResourceId: 'ServerlessRestApiProdStage' }),
    );
    expect(stage.StackResourceDetail).toMatchObject({
      ResourceType: 'AWS::ApiGateway::Stage',
      PhysicalResourceId: 'Prod',
    });
  });

  it('moves the routes on an update; a failed update rolls the APIs back to their previous routes', async () => {
    expect(await deploy('web', sam('/greet', '/hey'), 'UPDATE')).toBe('UPDATE_COMPLETE');
    const outputs = await outputsOf(s.c.cfn, 'web');
    expect(await get(outputs.get('ApiUrl')!, 'greet')).toBe('200 v1 /greet');
    expect(await get(outputs.get('ApiUrl')!, 'hello')).toMatch(/^403 .*Missing Authentication Token/);
    expect(await get(outputs.get('HttpUrl')!, 'hey')).toBe('200 v1 /hey');
    expect(await get(outputs.get('HttpUrl')!, 'hi')).toBe('404 {"message":"Not Found"}');

    // Fails once the APIs have their new routes: a function whose code is not in the bucket (a bad
    // Runtime would be refused before the change set runs).
    const broken = `  Broken:
    Type: AWS::Lambda::Function
    DependsOn: [ServerlessRestApiProdStage, ServerlessHttpApi]
    Properties:
      Code: { S3Bucket: art, S3Key: missing.zip }
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt WebRole.Arn`;
    expect(await deploy('web', sam('/oops', '/oops', broken), 'UPDATE')).toBe('UPDATE_ROLLBACK_COMPLETE');
    const events = (await eventLines(s.c.cfn, 'web')).join('\n');
    expect(events).toMatch(/Broken CREATE_FAILED .*S3 Error Code: NoSuchKey/);
    expect(await get(outputs.get('ApiUrl')!, 'greet')).toBe('200 v1 /greet');
    expect(await get(outputs.get('ApiUrl')!, 'oops')).toMatch(/^403 /);
    expect(await get(outputs.get('HttpUrl')!, 'hey')).toBe('200 v1 /hey');
    expect(await get(outputs.get('HttpUrl')!, 'oops')).toBe('404 {"message":"Not Found"}');
  });
});

/** The raw resources, without SAM: a REST API built part by part, an HTTP API by quick create and by parts. */
const RAW = (stageVariable: string) => `
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: { S3Bucket: art, S3Key: web.zip }
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt FnRole.Arn
  Invoke:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: apigateway.amazonaws.com
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: raw }
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items }
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: GetItems
    Properties: { RestApiId: !Ref Api }
  Live:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: live
      Variables: { color: ${stageVariable} }
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: quick, ProtocolType: HTTP, Target: !GetAtt Fn.Arn }
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: parts, ProtocolType: HTTP }
  HttpIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Http, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn, PayloadFormatVersion: '2.0' }
  HttpRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Http, RouteKey: 'GET /parts', Target: !Sub 'integrations/\${HttpIntegration}' }
  HttpStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Http, StageName: $default, AutoDeploy: true }
Outputs:
  Rest:
    Value: !Sub https://\${Api}.execute-api.\${AWS::Region}.amazonaws.com/live/
  Quick:
    Value: !GetAtt Quick.ApiEndpoint
  Http:
    Value: !Sub https://\${Http}.execute-api.\${AWS::Region}.amazonaws.com/
`;

describe('CloudFormation: API Gateway resources without SAM', () => {
  it('builds a REST API part by part and HTTP APIs by quick create and by parts', async () => {
    const status = await deploy('raw', RAW('blue'), 'CREATE');
    expect(status, (await eventLines(s.c.cfn, 'raw')).join('\n')).toBe('CREATE_COMPLETE');
    const outputs = await outputsOf(s.c.cfn, 'raw');
    expect(await get(outputs.get('Rest')!, 'items')).toBe('200 v1 /items');
    expect(await get(outputs.get('Quick')!, 'anything')).toBe('200 v1 /anything');
    expect(await get(outputs.get('Http')!, 'parts')).toBe('200 v1 /parts');
    expect(await deploy('raw', RAW('green'), 'UPDATE')).toBe('UPDATE_COMPLETE');
    expect(await get(outputs.get('Rest')!, 'items')).toBe('200 v1 /items');

    // Deleting the stack deletes every part (each part's delete, then its API's).
    const { apigateway: v1, apigatewayv2: v2 } = s.c;
    const before = (await v1.send(new GetRestApisCommand({}))).items?.length ?? 0;
    await s.c.cfn.send(new DeleteStackCommand({ StackName: 'raw' }));
    await waitUntilStackDeleteComplete(
      { client: s.c.cfn, maxWaitTime: 60, minDelay: 1 },
      { StackName: 'raw' },
    );
    expect((await v1.send(new GetRestApisCommand({}))).items?.length ?? 0).toBe(before - 1);
    const left = (await v2.send(new GetApisCommand({}))).Items ?? [];
    expect(left.map((a) => a.ApiId)).not.toContain(new URL(outputs.get('Http')!).hostname.split('.')[0]);
  });
});

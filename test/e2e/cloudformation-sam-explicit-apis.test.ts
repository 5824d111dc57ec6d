import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  waitUntilChangeSetCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventLines, outputsOf, settled, stackServer } from '../support/cloudformation.js';
import { gatewayRequest } from '../support/gateway.js';

/**
 * Issue 16: a SAM template's own AWS::Serverless::Api and AWS::Serverless::HttpApi, through the
 * SDK: a REST API from a DefinitionBody plus an event naming it (RestApiId), stage `v1` with
 * variables; an HTTP API generated from its event (ApiId), stage `prod` with variables; a REST
 * API whose definition is a file in S3 (DefinitionUri). Each answers through the gateway.
 */
const HANDLER = `exports.handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ path: event.rawPath ?? event.path, vars: event.stageVariables }),
});`;

const FILES_DEFINITION = `swagger: '2.0'
info: { title: files }
paths:
  /files:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:files-fn/invocations
`;

const fn = (name: string, fnName: string, events: string) => `  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: ${fnName}
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: |
        ${HANDLER.replace(/\n/g, '\n        ')}
      Events:
${events}`;

const TEMPLATE = (shopExtra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Shop:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Variables: { mode: live }${shopExtra}
      DefinitionBody:
        swagger: '2.0'
        info: { title: shop }
        paths:
          /health:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Orders.Arn}/invocations
  Chat:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: prod
      StageVariables: { room: lobby }
  Files:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      DefinitionUri: s3://defs/files.yaml
${fn(
  'Orders',
  'orders-fn',
  `        List: { Type: Api, Properties: { Path: /orders, Method: get, RestApiId: !Ref Shop } }
        Health: { Type: Api, Properties: { Path: /health, Method: get, RestApiId: !Ref Shop } }
        Talk: { Type: HttpApi, Properties: { Path: /talk, Method: post, ApiId: !Ref Chat } }
`,
)}
${fn('FilesFn', 'files-fn', `        Get: { Type: Api, Properties: { Path: /files, Method: get, RestApiId: !Ref Files } }\n`)}
Outputs:
  ShopUrl:
    Value: !Sub https://\${Shop}.execute-api.\${AWS::Region}.amazonaws.com/v1
  ChatUrl:
    Value: !Sub https://\${Chat}.execute-api.\${AWS::Region}.amazonaws.com/prod
  FilesUrl:
    Value: !Sub https://\${Files}.execute-api.\${AWS::Region}.amazonaws.com/Prod
`;

const s = stackServer();

async function call(base: string, path: string, method = 'GET'): Promise<{ status: number; body: unknown }> {
  const u = new URL(base);
  const reply = await gatewayRequest(`${s.t.server.gateway.url}${u.pathname}${path}`, {
    host: u.host,
    method,
  });
  return { status: reply.status, body: reply.status === 200 ? reply.json() : reply.text };
}

beforeAll(async () => {
  await s.c.s3.send(new CreateBucketCommand({ Bucket: 'defs' }));
  await s.c.s3.send(new PutObjectCommand({ Bucket: 'defs', Key: 'files.yaml', Body: FILES_DEFINITION }));
});

describe('explicit SAM APIs', () => {
  it('creates each API with its stage, its definition and the events naming it, all answering', async () => {
    await s.c.cfn.send(
      new CreateStackCommand({
        StackName: 'apis',
        TemplateBody: TEMPLATE(),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    const status = await settled(s.c.cfn, 'apis');
    expect(status, (await eventLines(s.c.cfn, 'apis')).join('\n')).toBe('CREATE_COMPLETE');
    const outputs = await outputsOf(s.c.cfn, 'apis');
    const shop = outputs.get('ShopUrl')!;
    expect(await call(shop, '/orders')).toEqual({
      status: 200,
      body: { path: '/orders', vars: { mode: 'live' } },
    });
    // The definition's own route (the event on it gives API Gateway its permission to invoke).
    expect(await call(shop, '/health')).toEqual({
      status: 200,
      body: { path: '/health', vars: { mode: 'live' } },
    });
    expect(await call(outputs.get('ChatUrl')!, '/talk', 'POST')).toEqual({
      status: 200,
      body: { path: '/prod/talk', vars: { room: 'lobby' } },
    });
    expect(await call(outputs.get('FilesUrl')!, '/files')).toEqual({
      status: 200,
      body: { path: '/files', vars: null },
    });
  });

  it('fails the change set of an API with Auth, naming the property, before anything changes', async () => {
    await s.c.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'apis',
        ChangeSetName: 'with-auth',
        TemplateBody: TEMPLATE('\n      Auth: { ApiKeyRequired: true }'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await waitUntilChangeSetCreateComplete(
      { client: s.c.cfn, maxWaitTime: 30, minDelay: 1 },
      { StackName: 'apis', ChangeSetName: 'with-auth' },
    ).catch(() => undefined);
    const cs = await s.c.cfn.send(
      new DescribeChangeSetCommand({ StackName: 'apis', ChangeSetName: 'with-auth' }),
    );
    expect(cs.Status).toBe('FAILED');
    expect(cs.StatusReason).toContain('Resources.Shop.Properties.Auth');
    expect(cs.StatusReason).toContain('no authorizers');
  });
});

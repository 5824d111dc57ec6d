import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../common/template/yaml.js';
import { bodyRoutes } from '../providers/openapi-routes.js';
import { prepareTemplate } from './prepare.js';
import { samTransform } from './sam.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/key
      Handler: index.handler
      Runtime: nodejs20.x
      AutoPublishAlias: live
      Events:
        Get: { Type: Api, Properties: { Path: /hello, Method: get } }
        Item: { Type: Api, Properties: { Path: "/items/{id}", Method: any } }
        Http: { Type: HttpApi, Properties: { Path: /hi, Method: post } }
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/key
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Fallback: { Type: HttpApi }
`;

describe("SAM's Api and HttpApi events", () => {
  const out = samTransform(loadTemplate(TEMPLATE), '000000000000').Resources;

  it('makes the implicit REST API with its body, a deployment named by its hash and the Prod stage', () => {
    const deployment = Object.keys(out).find((id) => /^ServerlessRestApiDeployment[0-9a-f]{10}$/.test(id))!;
    expect(out[deployment]?.Properties).toMatchObject({
      RestApiId: { Ref: 'ServerlessRestApi' },
      StageName: 'Stage',
    });
    expect(out['ServerlessRestApiProdStage']?.Properties).toEqual({
      DeploymentId: { Ref: deployment },
      RestApiId: { Ref: 'ServerlessRestApi' },
      StageName: 'Prod',
    });
    const body = out['ServerlessRestApi']?.Properties?.['Body'] as Record<string, unknown>;
    expect(Object.keys(body['paths'] as object)).toEqual(['/hello', '/items/{id}']);
    expect(JSON.stringify(body)).toContain('functions/${HelloAliaslive}/invocations');
    expect(out['HelloGetPermissionProd']?.Properties).toMatchObject({
      FunctionName: { Ref: 'HelloAliaslive' },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Sub': [expect.stringMatching(/\/GET\/hello$/), { __Stage__: '*' }] },
    });
    expect(JSON.stringify(out['HelloItemPermissionProd'])).toContain('/*/items/*');
  });

  it('makes the implicit HTTP API with its $default stage; a function without an alias is invoked unqualified', () => {
    expect(out['ServerlessHttpApiApiGatewayDefaultStage']?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
    });
    const body = out['ServerlessHttpApi']?.Properties?.['Body'] as Record<string, unknown>;
    expect(Object.keys(body['paths'] as object)).toEqual(['/hi', '$default']);
    expect(JSON.stringify(body)).toContain('functions/${Plain.Arn}/invocations');
    expect(out['PlainFallbackPermission']?.Properties?.['FunctionName']).toEqual({ Ref: 'Plain' });
  });

  it('gives an OpenAPI body whose routes the providers import', () => {
    // As a provider gets it: intrinsics resolved (here to a stand-in URI).
    const raw = JSON.stringify(out['ServerlessRestApi']?.Properties?.['Body']);
    const body: unknown = JSON.parse(raw.replace(/\{"Fn::Sub":"[^"]+"\}/g, '"arn:uri"'));
    expect(bodyRoutes(body).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /hello', 'ANY /items/{id}']);
  });

  it('passes the template check, and refuses an event type gradual lacks, by name', () => {
    expect(prepareTemplate(TEMPLATE, '000000000000').problem).toBeUndefined();
    const sqs = TEMPLATE.replace('Type: HttpApi }', 'Type: SQS, Properties: { Queue: q } }');
    expect(prepareTemplate(sqs, '000000000000').problem).toContain(
      'event type SQS is not supported by gradual',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../common/template/yaml.js';
import { prepareTemplate } from './prepare.js';
import { samTransform } from './sam.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Shop:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Variables: { mode: live }
      DefinitionBody:
        swagger: '2.0'
        info: { title: shop }
        paths:
          /health:
            get:
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: arn:health }
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
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/key
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        List: { Type: Api, Properties: { Path: /orders, Method: get, RestApiId: !Ref Shop } }
        Health: { Type: Api, Properties: { Path: /health, Method: get, RestApiId: !Ref Shop } }
        Talk: { Type: HttpApi, Properties: { Path: /talk, Method: post, ApiId: !Ref Chat } }
        Public: { Type: Api, Properties: { Path: /public, Method: get } }
`;

const prepare = (body: string) => prepareTemplate(body, '000000000000');

describe('explicit AWS::Serverless::Api and AWS::Serverless::HttpApi', () => {
  const out = samTransform(loadTemplate(TEMPLATE), '000000000000').Resources;

  it("adds the events naming a REST API to its DefinitionBody, with its stage and the stage's variables", () => {
    const body = out['Shop']?.Properties?.['Body'] as { paths: Record<string, unknown> };
    expect(Object.keys(body.paths)).toEqual(['/health', '/orders']);
    expect(JSON.stringify(body.paths['/orders'])).toContain('functions/${Orders.Arn}/invocations');
    // A route the definition has keeps its own integration; the event still makes the permission.
    expect(JSON.stringify(body.paths['/health'])).toContain('arn:health');
    expect(out['OrdersHealthPermission']).toBeDefined();
    const deployment = Object.keys(out).find((id) => /^ShopDeployment[0-9a-f]{10}$/.test(id))!;
    expect(out['Shopv1Stage']?.Properties).toEqual({
      DeploymentId: { Ref: deployment },
      RestApiId: { Ref: 'Shop' },
      StageName: 'v1',
      Variables: { mode: 'live' },
    });
    expect(JSON.stringify(out['OrdersListPermission']?.Properties?.['SourceArn'])).toContain(
      '{"Ref":"Shop"}',
    );
  });

  it('keeps the implicit API for events that name none', () => {
    const body = out['ServerlessRestApi']?.Properties?.['Body'] as { paths: Record<string, unknown> };
    expect(Object.keys(body.paths)).toEqual(['/public']);
    expect(out['ServerlessHttpApi']).toBeUndefined();
  });

  it("generates an HTTP API's definition from its events, with its named stage auto-deployed", () => {
    const body = out['Chat']?.Properties?.['Body'] as { paths: Record<string, unknown> };
    expect(Object.keys(body.paths)).toEqual(['/talk']);
    expect(out['ChatprodStage']?.Properties).toEqual({
      ApiId: { Ref: 'Chat' },
      StageName: 'prod',
      AutoDeploy: true,
      StageVariables: { room: 'lobby' },
    });
  });

  it('reads a DefinitionUri from S3 (BodyS3Location), as API Gateway does', () => {
    expect(out['Files']?.Properties).toEqual({ BodyS3Location: { Bucket: 'defs', Key: 'files.yaml' } });
    expect(prepare(TEMPLATE).problem).toBeUndefined();
  });

  it('refuses Auth, and Cors without an inline definition, by name before anything is made, and an event naming an API the template lacks', () => {
    expect(
      prepare(TEMPLATE.replace('StageName: v1', 'StageName: v1\n      Auth: { ApiKeyRequired: true }'))
        .problem,
    ).toContain('Resources.Shop.Properties.Auth');
    expect(
      prepare(TEMPLATE.replace('StageName: Prod', 'StageName: Prod\n      Cors: "\'*\'"')).problem,
    ).toContain(
      "Resources.Files.Properties.Cors: Cors works only with inline Swagger specified in 'DefinitionBody'",
    );
    expect(prepare(TEMPLATE.replace('ApiId: !Ref Chat', 'ApiId: !Ref Shop')).problem).toContain(
      'names Shop by ApiId, which is not an AWS::Serverless::HttpApi of this template',
    );
    expect(prepare(TEMPLATE.replace('StageName: v1', 'Name: shop')).problem).toContain(
      'Resources.Shop.Properties.StageName',
    );
  });
});

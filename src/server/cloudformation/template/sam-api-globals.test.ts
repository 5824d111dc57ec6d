import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../common/template/yaml.js';
import { samTransform } from './sam.js';

const TEMPLATE = (globals: string) => `Transform: AWS::Serverless-2016-10-31
Globals:
${globals}
Resources:
  Chat:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration: { MaxAge: 60 }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/key
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Rest: { Type: Api, Properties: { Path: /items, Method: get } }
        Http: { Type: HttpApi, Properties: { Path: /talk, Method: post } }
        Named: { Type: HttpApi, Properties: { Path: /named, Method: get, ApiId: !Ref Chat } }
`;
const GLOBALS = `  Api:
    Cors: "'https://app.example'"
  HttpApi:
    CorsConfiguration:
      AllowOrigins: [https://app.example]`;

const body = (resources: Record<string, { Properties?: Record<string, unknown> }>, id: string) =>
  resources[id]?.Properties?.['Body'] as Record<string, Record<string, Record<string, unknown>>>;

describe('Globals.Api and Globals.HttpApi', () => {
  const out = samTransform(loadTemplate(TEMPLATE(GLOBALS)), '000000000000').Resources;

  it("give the implicit REST API's paths their preflight methods", () => {
    const options = body(out, 'ServerlessRestApi')['paths']!['/items']!['options'] as Record<string, unknown>;
    expect(JSON.stringify(options)).toContain(
      `"method.response.header.Access-Control-Allow-Origin":"'https://app.example'"`,
    );
  });

  it("give HTTP APIs their CORS, merged under an explicit API's own", () => {
    expect(body(out, 'ServerlessHttpApi')['x-amazon-apigateway-cors']).toEqual({
      allowOrigins: ['https://app.example'],
    });
    expect(body(out, 'Chat')['x-amazon-apigateway-cors']).toEqual({
      allowOrigins: ['https://app.example'],
      maxAge: 60,
    });
  });

  it('refuse what gradual does not carry out, by name', () => {
    expect(() => samTransform(loadTemplate(TEMPLATE('  Api:\n    TracingEnabled: true')), '0')).toThrow(
      'Globals.Api.TracingEnabled',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../common/template/yaml.js';
import { prepareTemplate } from './prepare.js';
import { samTransform } from './sam.js';

const template = (extra: string, alias = '      AutoPublishAlias: live\n'): string => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/code.zip
      Handler: index.handler
      Runtime: nodejs20.x
${alias}${extra}`;

const transform = (text: string) => samTransform(loadTemplate(text), '000000000000').Resources;

describe("SAM's FunctionUrlConfig, EventInvokeConfig, ProvisionedConcurrencyConfig, server-side", () => {
  it('FunctionUrlConfig: a URL on the alias and, for AuthType NONE, a public permission, as SAM names them', () => {
    const r = transform(
      template('      FunctionUrlConfig:\n        AuthType: NONE\n        Cors: { AllowOrigins: ["*"] }\n'),
    );
    expect(r['FnUrl']).toEqual({
      Type: 'AWS::Lambda::Url',
      Properties: {
        TargetFunctionArn: { Ref: 'FnAliaslive' },
        AuthType: 'NONE',
        Cors: { AllowOrigins: ['*'] },
      },
      DependsOn: ['FnAliaslive'],
    });
    expect(r['FnUrlPublicPermissions']).toEqual({
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunctionUrl',
        FunctionName: { Ref: 'FnAliaslive' },
        Principal: '*',
        FunctionUrlAuthType: 'NONE',
      },
      DependsOn: ['FnAliaslive'],
    });
  });

  it('FunctionUrlConfig without an alias targets the function; AWS_IAM gets no public permission', () => {
    const r = transform(template('      FunctionUrlConfig: { AuthType: AWS_IAM }\n', ''));
    expect(r['FnUrl']?.Properties).toEqual({ TargetFunctionArn: { Ref: 'Fn' }, AuthType: 'AWS_IAM' });
    expect(r['FnUrlPublicPermissions']).toBeUndefined();
  });

  it('refuses a URL configuration gradual cannot carry out, before anything is created', () => {
    expect(prepareTemplate(template('      FunctionUrlConfig: { AuthType: OPEN }\n'), '0').problem).toContain(
      'Resources.Fn.Properties.FunctionUrlConfig.AuthType: must be NONE or AWS_IAM',
    );
    expect(
      prepareTemplate(
        template('      FunctionUrlConfig: { AuthType: NONE, InvokeMode: RESPONSE_STREAM }\n'),
        '0',
      ).problem,
    ).toContain(
      'Resources.Fn.Properties.FunctionUrlConfig.InvokeMode: RESPONSE_STREAM is not supported by gradual',
    );
  });

  it('EventInvokeConfig: one AWS::Lambda::EventInvokeConfig on the alias (or $LATEST), destinations by ARN', () => {
    const config =
      '      EventInvokeConfig:\n        MaximumRetryAttempts: 1\n        MaximumEventAgeInSeconds: 120\n' +
      '        DestinationConfig:\n          OnFailure: { Type: Lambda, Destination: arn:aws:lambda:us-east-1:0:function:dlq }\n';
    expect(transform(template(config))['FnEventInvokeConfig']).toEqual({
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: { Ref: 'Fn' },
        Qualifier: 'live',
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 120,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:lambda:us-east-1:0:function:dlq' } },
      },
      DependsOn: ['FnAliaslive'],
    });
    expect(transform(template(config, ''))['FnEventInvokeConfig']?.Properties?.['Qualifier']).toBe('$LATEST');
    const created =
      '      EventInvokeConfig:\n        DestinationConfig:\n          OnFailure: { Type: SQS }\n';
    expect(prepareTemplate(template(created), '0').problem).toContain(
      'EventInvokeConfig.DestinationConfig.OnFailure.Destination: is required by gradual',
    );
  });

  it('ProvisionedConcurrencyConfig goes on the alias, and needs one', () => {
    const config = '      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 }\n';
    expect(transform(template(config))['FnAliaslive']?.Properties).toMatchObject({
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2 },
    });
    expect(prepareTemplate(template(config, ''), '0').problem).toContain(
      "Resources.Fn.Properties.ProvisionedConcurrencyConfig: 'AutoPublishAlias' property is required",
    );
  });

  it('the raw types are usable directly, and their unknown properties fail the change set', () => {
    const raw = `
Resources:
  Settings:
    Type: AWS::Lambda::EventInvokeConfig
    Properties: { FunctionName: f, Qualifier: $LATEST, MaximumRetryAttempts: 0, Colour: red }
`;
    expect(prepareTemplate(raw, '0').problem).toMatch(/Settings.*Colour/);
    expect(prepareTemplate(raw.replace(', Colour: red', ''), '0').problem).toBeUndefined();
  });
});

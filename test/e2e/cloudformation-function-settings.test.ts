import { CreateStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  GetFunctionEventInvokeConfigCommand,
  GetFunctionUrlConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventLines, outputsOf, settled, stackServer, uploadHandler } from '../support/cloudformation.js';

// SAM's FunctionUrlConfig, EventInvokeConfig and ProvisionedConcurrencyConfig through a stack:
// created on the alias, a real call through the URL, and gone when the template drops them.
const s = stackServer();

beforeAll(async () => {
  await uploadHandler(s.c.s3, 'code', 'v1.zip', 'v1');
});

const template = (settings: string): string => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Web:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: web
      CodeUri: s3://code/v1.zip
      Handler: index.handler
      Runtime: nodejs20.x
      AutoPublishAlias: live
${settings}`;

const SETTINGS = `      FunctionUrlConfig: { AuthType: NONE }
      EventInvokeConfig: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 }
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 1 }
Outputs:
  Url:
    Value: !GetAtt WebUrl.FunctionUrl
`;

const missing = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'found',
    (e: Error) => e.name,
  );

describe('CloudFormation: a function URL, async settings and provisioned concurrency from SAM', () => {
  it('creates them on the alias, answers through the URL, and deletes them when the template drops them', async () => {
    await s.c.cfn.send(
      new CreateStackCommand({
        StackName: 'web',
        TemplateBody: template(SETTINGS),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(await settled(s.c.cfn, 'web', 60_000), (await eventLines(s.c.cfn, 'web')).join('\n')).toBe(
      'CREATE_COMPLETE',
    );
    const url = (await outputsOf(s.c.cfn, 'web')).get('Url') ?? '';
    expect(url).toMatch(/^http:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+\/$/);
    const id = new URL(url).hostname.split('.')[0];
    const answer = await fetch(`${s.t.server.gateway.url}/lambda-url/${id}/`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ version: 'v1' });
    const live = { FunctionName: 'web', Qualifier: 'live' };
    expect(await s.t.lambda.send(new GetFunctionUrlConfigCommand(live))).toMatchObject({
      FunctionUrl: url,
      AuthType: 'NONE',
    });
    expect(await s.t.lambda.send(new GetFunctionEventInvokeConfigCommand(live))).toMatchObject({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
    expect(await s.t.lambda.send(new GetProvisionedConcurrencyConfigCommand(live))).toMatchObject({
      RequestedProvisionedConcurrentExecutions: 1,
    });

    await s.c.cfn.send(
      new UpdateStackCommand({
        StackName: 'web',
        TemplateBody: template(''),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(await settled(s.c.cfn, 'web', 60_000), (await eventLines(s.c.cfn, 'web')).join('\n')).toBe(
      'UPDATE_COMPLETE',
    );
    expect(await missing(s.t.lambda.send(new GetFunctionUrlConfigCommand(live)))).toBe(
      'ResourceNotFoundException',
    );
    expect(await missing(s.t.lambda.send(new GetFunctionEventInvokeConfigCommand(live)))).toBe(
      'ResourceNotFoundException',
    );
    expect(await missing(s.t.lambda.send(new GetProvisionedConcurrencyConfigCommand(live)))).toBe(
      'ProvisionedConcurrencyConfigNotFoundException',
    );
  });
});

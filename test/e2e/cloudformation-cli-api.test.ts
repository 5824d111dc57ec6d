import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { AWS_CLIS, awsCliText } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);

/** A SAM function behind SAM's implicit API (ServerlessRestApi), with the URL SAM's templates print. */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: |
        exports.handler = async (event) => ({
          statusCode: 200,
          body: JSON.stringify({ path: event.path, name: event.queryStringParameters.name }),
        });
      Events:
        Get:
          Type: Api
          Properties:
            Path: /hello
            Method: get
Outputs:
  HelloUrl:
    Value: !Sub 'https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/hello'
`;

/**
 * Issue 16: `aws cloudformation deploy` of a template with an Api event, with each real AWS CLI,
 * then the route through gradual's gateway with curl at the address the stack's output prints.
 * The CLIs' waiters poll every 3 s, not 30 (their sleeps are shortened, support/aws-cli.ts); they
 * run side by side, each on a server of its own.
 */
describe.concurrent.each(Object.entries(AWS_CLIS))(
  'an Api event through aws cloudformation deploy (CLI %s)',
  (version, bin) => {
    let t: TestServer;
    let work: string;
    const aws = (...args: string[]): Promise<string> => awsCliText(bin, t, args, work);

    beforeAll(async () => {
      t = await startTestServer();
      work = mkdtempSync(join(tmpdir(), `gradual-cli-api-${version}-`));
      writeFileSync(join(work, 'template.yaml'), TEMPLATE);
    });
    afterAll(async () => {
      await t.dispose();
    });

    it(
      'creates the stack, whose printed URL answers through the gateway',
      { timeout: 300_000 },
      async ({ expect }) => {
        const stack = `api-${version}`;
        const output = await aws(
          'cloudformation',
          'deploy',
          '--template-file',
          'template.yaml',
          '--stack-name',
          stack,
          '--capabilities',
          'CAPABILITY_IAM',
        );
        expect(output).toContain(`Successfully created/updated stack - ${stack}`);
        const url = (
          await aws(
            'cloudformation',
            'describe-stacks',
            '--stack-name',
            stack,
            '--query',
            "Stacks[0].Outputs[?OutputKey=='HelloUrl'].OutputValue",
            '--output',
            'text',
          )
        ).trim();
        expect(url).toMatch(/^http:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.localhost:\d+\/Prod\/hello$/);
        const { stdout } = await run('curl', ['-sS', '--fail', `${url}?name=${version}`]);
        expect(JSON.parse(stdout)).toEqual({ path: '/hello', name: version });
      },
    );
  },
);

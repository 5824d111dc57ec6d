import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { startTestServer, type TestServer } from './server.js';

export interface Endpoint {
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** The SDK clients a stack test calls gradual with (no retries: a test sees each answer). */
export interface StackClients {
  cfn: CloudFormationClient;
  s3: S3Client;
  iam: IAMClient;
  sfn: SFNClient;
  cloudwatch: CloudWatchClient;
  apigateway: APIGatewayClient;
  apigatewayv2: ApiGatewayV2Client;
  destroy(): void;
}

export function cfnClients(to: Endpoint | TestServer): StackClients {
  const e = 'server' in to ? { url: to.server.url, credentials: to.credentials } : to;
  const config = { endpoint: e.url, region: 'us-east-1', credentials: e.credentials, maxAttempts: 1 };
  const clients = {
    cfn: new CloudFormationClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    iam: new IAMClient(config),
    // The SDK would put `sync-` in front of the host of StartSyncExecution.
    sfn: new SFNClient({ ...config, disableHostPrefix: true }),
    cloudwatch: new CloudWatchClient(config),
    apigateway: new APIGatewayClient(config),
    apigatewayv2: new ApiGatewayV2Client(config),
  };
  return { ...clients, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}

/** A file's test server and the SDK clients calling it. */
export interface StackServer {
  readonly t: TestServer;
  readonly c: StackClients;
}

/**
 * Starts a test server and its clients before a file's tests and closes both after them (a
 * file's own `beforeAll` hooks, declared after this call, run after the server is up).
 */
export function stackServer(options: Parameters<typeof startTestServer>[0] = {}): StackServer {
  const started: { t?: TestServer; c?: StackClients } = {};
  beforeAll(async () => {
    started.t = await startTestServer(options);
    started.c = cfnClients(started.t);
  });
  afterAll(async () => {
    started.c?.destroy();
    await started.t?.dispose();
  });
  const missing = (): never => {
    throw new Error('stackServer: used before its beforeAll hook ran');
  };
  return {
    get t() {
      return started.t ?? missing();
    },
    get c() {
      return started.c ?? missing();
    },
  };
}

/** Uploads a Node handler answering `{ version }` (or throwing when `fails`) as `key`. */
export async function uploadHandler(
  s3: S3Client,
  bucket: string,
  key: string,
  version: string,
  fails = false,
) {
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  const body = fails
    ? `exports.handler = async () => { throw new Error('broken ${version}'); };\n`
    : `exports.handler = async () => ({ version: '${version}' });\n`;
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: await buildZip({ 'index.js': body }) }),
  );
}

/** A SAM stack of two functions shipped together: A all at once, B by a canary watched by an alarm. */
export function twoFunctionTemplate(codeA: string, codeB: string): string {
  return `
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Handler: index.handler
    AutoPublishAlias: live
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${codeA}
      DeploymentPreference:
        Type: AllAtOnce
  B:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${codeB}
      DeploymentPreference:
        Type: Canary10Percent5Minutes
        Alarms: [!Ref BErrors]
  BErrors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: !Sub '\${AWS::StackName}-b-errors'
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions: [{ Name: FunctionName, Value: !Ref B }]
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
Outputs:
  A:
    Value: !Ref A
  B:
    Value: !Ref B
`;
}

export async function stackOf(cfn: CloudFormationClient, name: string) {
  const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks ?? [];
  if (!stack) throw new Error(`no stack ${name}`);
  return stack;
}

/** Polls until the stack's status is one that ends an operation (or `ms` pass). */
export async function settled(cfn: CloudFormationClient, name: string, ms = 120_000): Promise<string> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const status = (await stackOf(cfn, name)).StackStatus ?? '';
    if (/(_COMPLETE|_FAILED)$/.test(status) && !status.endsWith('CLEANUP_IN_PROGRESS')) return status;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${name} did not settle`);
}

export async function eventLines(cfn: CloudFormationClient, name: string): Promise<string[]> {
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: name }))).StackEvents ?? [];
  return events.map(
    (e) =>
      `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`,
  );
}

/** A stack's outputs by key. */
export async function outputsOf(cfn: CloudFormationClient, name: string): Promise<Map<string, string>> {
  const stack = await stackOf(cfn, name);
  return new Map((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}

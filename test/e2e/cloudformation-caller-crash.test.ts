import { CreateStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { StackRecord } from '../../src/server/cloudformation/model.js';
import { cfnClients, eventLines, settled, uploadHandler } from '../support/cloudformation.js';
import { LAMBDA_TRUST } from '../support/iam.js';
import { credentialsFunction, credentialsOf } from '../support/caller-credentials.js';
import { spawnServer } from '../support/process.js';
import { tempDir } from '../support/server.js';

/**
 * Issue 16: an operation keeps acting as its caller across kill -9. A function whose role may
 * change Lambda and CodeDeploy but not CloudWatch updates a stack; the server dies during the
 * canary; the restarted server resumes the update as that caller (with credentials issued anew),
 * so the alarm the update then adds is refused as the caller's own call would be.
 */
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['cloudformation:*', 'lambda:*', 'codedeploy:*', 's3:*', 'iam:*'],
      Resource: '*',
    },
  ],
});

const template = (code: string, withAlarm: boolean) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: s3://code/${code}
      AutoPublishAlias: live
      DeploymentPreference:
        Type: Canary10Percent5Minutes
${
  withAlarm
    ? `  Watch:
    Type: AWS::CloudWatch::Alarm
    DependsOn: FnAliaslive
    Properties:
      AlarmName: crash-watch
      Namespace: AWS/Lambda
      MetricName: Errors
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
`
    : ''
}`;

function stored(dataDir: string, name: string): StackRecord {
  const db = new Database(join(dataDir, 'gradual.db'), { readonly: true });
  const row = db
    .prepare("SELECT data FROM cfn_stacks WHERE name = ? AND status != 'DELETE_COMPLETE'")
    .get(name) as { data: string };
  db.close();
  return JSON.parse(row.data) as StackRecord;
}

it('an update resumed after kill -9 still acts as its caller', async () => {
  const dataDir = tempDir('gradual-cfn-caller-crash-');
  // 60x: the five-minute canary takes five seconds, so the kill lands inside the update.
  let server = await spawnServer(dataDir, ['--time-scale', '60']);
  let c = cfnClients(server);
  const config = {
    endpoint: server.url,
    region: 'us-east-1',
    credentials: server.credentials,
    maxAttempts: 1,
  };
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  const made = await iam.send(
    new CreateRoleCommand({ RoleName: 'no-alarms', AssumeRolePolicyDocument: LAMBDA_TRUST }),
  );
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'no-alarms', PolicyName: 'p', PolicyDocument: POLICY }),
  );
  await credentialsFunction(lambda, 'deployer-fn', made.Role?.Arn ?? '');
  await uploadHandler(c.s3, 'code', 'v1', 'v1');
  await uploadHandler(c.s3, 'code', 'v2', 'v2');
  await c.cfn.send(
    new CreateStackCommand({
      StackName: 'caller',
      TemplateBody: template('v1', false),
      Capabilities: ['CAPABILITY_IAM'],
    }),
  );
  expect(await settled(c.cfn, 'caller')).toBe('CREATE_COMPLETE');

  const credentials = await credentialsOf(lambda, 'deployer-fn');
  const limited = cfnClients({ url: server.url, credentials });
  await limited.cfn.send(
    new UpdateStackCommand({
      StackName: 'caller',
      TemplateBody: template('v2', true),
      Capabilities: ['CAPABILITY_IAM'],
    }),
  );
  await new Promise((r) => setTimeout(r, 1500));
  await server.stop('SIGKILL');
  for (const client of [c, limited, iam, lambda]) client.destroy();
  const atKill = stored(dataDir, 'caller');
  expect(atKill.status, 'the kill should land mid-update').toBe('UPDATE_IN_PROGRESS');
  expect(atKill.operation?.actor).toEqual({
    kind: 'session',
    session: {
      roleArn: made.Role?.Arn,
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:deployer-fn',
    },
  });

  server = await spawnServer(dataDir, ['--time-scale', '60']);
  c = cfnClients(server);
  try {
    expect(await settled(c.cfn, 'caller')).toBe('UPDATE_ROLLBACK_COMPLETE');
    const refused = (await eventLines(c.cfn, 'caller')).find((l) => l.startsWith('Watch CREATE_FAILED'));
    expect(refused).toContain(
      'User: arn:aws:sts::000000000000:assumed-role/no-alarms/deployer-fn is not authorized to perform: cloudwatch:PutMetricAlarm',
    );
  } finally {
    c.destroy();
    await server.stop('SIGTERM');
  }
}, 120_000);

import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { BASIC_EXECUTION, ensureRole } from '../support/iam.js';
import { ROLE } from '../support/functions.js';
import { waitUntil } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 12, attack 4: a function uses the temporary keys gradual gives it to read a neighbour's
 * secret, shift its alias, change its environment, delete a third function and create an alarm.
 * Its execution role decides now, as on AWS.
 */
const ATTACKER = `const L = require('@aws-sdk/client-lambda');
const CW = require('@aws-sdk/client-cloudwatch');
const lambda = new L.LambdaClient({});
const cloudwatch = new CW.CloudWatchClient({});
const attempt = async (name, send) => {
  try {
    const out = await send();
    return { name, ok: true, out };
  } catch (e) {
    return { name, ok: false, code: e.name, status: e.$metadata && e.$metadata.httpStatusCode, message: e.message };
  }
};
exports.handler = async (event) => [
  await attempt('GetFunction', async () => (await lambda.send(new L.GetFunctionCommand({ FunctionName: event.victim }))).Configuration.Environment),
  await attempt('UpdateAlias', () => lambda.send(new L.UpdateAliasCommand({ FunctionName: event.victim, Name: 'live', RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } } }))),
  await attempt('UpdateFunctionConfiguration', () => lambda.send(new L.UpdateFunctionConfigurationCommand({ FunctionName: event.victim, Environment: { Variables: { DB_PASSWORD: 'stolen' } } }))),
  await attempt('DeleteFunction', () => lambda.send(new L.DeleteFunctionCommand({ FunctionName: event.third }))),
  await attempt('PutMetricAlarm', () => cloudwatch.send(new CW.PutMetricAlarmCommand({ AlarmName: 'planted', Namespace: 'AWS/Lambda', MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' }))),
];
`;

type Attempt = { name: string; ok: boolean; code?: string; status?: number; message?: string };

let t: TestServer;
let accountId: string;
let region: string;

async function createFunction(
  name: string,
  role: string,
  files: Record<string, string>,
  env: Record<string, string> = {},
  runtime: Runtime = 'nodejs20.x',
) {
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: runtime,
      Role: role,
      Handler: 'index.handler',
      Code: { ZipFile: await buildZip(files) },
      Timeout: 30,
      Environment: { Variables: env },
    }),
  );
  await waitUntil(t.lambda, name, (c) => c.State === 'Active');
}

async function attack(attacker: string, victim: string, third: string): Promise<Attempt[]> {
  const out = await t.lambda.send(
    new InvokeCommand({ FunctionName: attacker, Payload: Buffer.from(JSON.stringify({ victim, third })) }),
  );
  expect(out.FunctionError).toBeUndefined();
  return JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as Attempt[];
}

beforeAll(async () => {
  t = await startTestServer();
  accountId = t.server.options.accountId;
  region = t.server.options.region;
  const iam = new IAMClient({ endpoint: t.server.url, region, credentials: t.credentials, maxAttempts: 1 });
  await ensureRole(iam, { name: 'basic-only', managed: [BASIC_EXECUTION] });
  await ensureRole(iam, { name: 'lambda-admin', managed: ['arn:aws:iam::aws:policy/AWSLambda_FullAccess'] });
  iam.destroy();
  const code = { 'index.js': 'exports.handler = async () => ({ ok: true });\n' };
  for (const name of ['payments', 'ledger', 'reports']) {
    await createFunction(name, ROLE, code, { DB_PASSWORD: `secret-of-${name}` });
    await t.lambda.send(new PublishVersionCommand({ FunctionName: name }));
    await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await buildZip(code), Publish: true }),
    );
    await waitUntil(t.lambda, name, (c) => c.LastUpdateStatus === 'Successful');
    await t.lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
  }
  await createFunction('intruder', `arn:aws:iam::${accountId}:role/basic-only`, { 'index.js': ATTACKER });
  await createFunction('operator', `arn:aws:iam::${accountId}:role/lambda-admin`, { 'index.js': ATTACKER });
}, 120_000);

afterAll(async () => {
  await t?.dispose();
});

describe('a function whose role has only AWSLambdaBasicExecutionRole', () => {
  it('is refused every step of the attack, as AWS refuses it, and harms nothing', async () => {
    const attempts = await attack('intruder', 'payments', 'ledger');
    const who = `arn:aws:sts::${accountId}:assumed-role/basic-only/intruder`;
    const fn = `arn:aws:lambda:${region}:${accountId}:function`;
    expect(attempts).toEqual([
      {
        name: 'GetFunction',
        ok: false,
        code: 'AccessDeniedException',
        status: 403,
        message: `User: ${who} is not authorized to perform: lambda:GetFunction on resource: ${fn}:payments because no identity-based policy allows the lambda:GetFunction action`,
      },
      {
        name: 'UpdateAlias',
        ok: false,
        code: 'AccessDeniedException',
        status: 403,
        message: `User: ${who} is not authorized to perform: lambda:UpdateAlias on resource: ${fn}:payments because no identity-based policy allows the lambda:UpdateAlias action`,
      },
      {
        name: 'UpdateFunctionConfiguration',
        ok: false,
        code: 'AccessDeniedException',
        status: 403,
        message: `User: ${who} is not authorized to perform: lambda:UpdateFunctionConfiguration on resource: ${fn}:payments because no identity-based policy allows the lambda:UpdateFunctionConfiguration action`,
      },
      {
        name: 'DeleteFunction',
        ok: false,
        code: 'AccessDeniedException',
        status: 403,
        message: `User: ${who} is not authorized to perform: lambda:DeleteFunction on resource: ${fn}:ledger because no identity-based policy allows the lambda:DeleteFunction action`,
      },
      {
        name: 'PutMetricAlarm',
        ok: false,
        code: 'AccessDenied',
        status: 403,
        message: `User: ${who} is not authorized to perform: cloudwatch:PutMetricAlarm on resource: arn:aws:cloudwatch:${region}:${accountId}:alarm:planted because no identity-based policy allows the cloudwatch:PutMetricAlarm action`,
      },
    ]);
    const payments = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'payments' }));
    expect(payments.Environment?.Variables).toEqual({ DB_PASSWORD: 'secret-of-payments' });
    const alias = await t.lambda.send(new GetAliasCommand({ FunctionName: 'payments', Name: 'live' }));
    expect(alias.RoutingConfig).toBeUndefined();
    await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'ledger' }));
  });
});

describe('a function whose role has AWSLambda_FullAccess', () => {
  it('is allowed what that policy allows (Lambda), and still not an alarm', async () => {
    const attempts = await attack('operator', 'reports', 'ledger');
    expect(attempts.map((a) => [a.name, a.ok, a.code])).toEqual([
      ['GetFunction', true, undefined],
      ['UpdateAlias', true, undefined],
      ['UpdateFunctionConfiguration', true, undefined],
      ['DeleteFunction', true, undefined],
      ['PutMetricAlarm', false, 'AccessDenied'],
    ]);
    const alias = await t.lambda.send(new GetAliasCommand({ FunctionName: 'reports', Name: 'live' }));
    expect(alias.RoutingConfig?.AdditionalVersionWeights).toEqual({ '2': 0.5 });
  });

  it("leaves the owner's keys their full access", async () => {
    const reports = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'reports' }));
    expect(reports.Environment?.Variables).toEqual({ DB_PASSWORD: 'stolen' });
  });
});

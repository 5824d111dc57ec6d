import {
  CreateFunctionCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { functionWithVersions } from '../support/codedeploy.js';
import { ROLE } from '../support/functions.js';
import { awsError, waitUntil } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
const ARN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

async function create(name: string, source: string): Promise<void> {
  await t.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await buildZip({ 'index.js': source }) },
    }),
  );
  await waitUntil(t.lambda, name, (c) => c.State === 'Active');
}

async function logged(group: string, pattern: string): Promise<string[]> {
  const deadline = performance.now() + 20_000;
  for (;;) {
    const response = await signedFetch(`${t.server.url}/`, {
      method: 'POST',
      service: 'logs',
      credentials: t.credentials,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.FilterLogEvents',
      },
      body: JSON.stringify({ logGroupName: group, filterPattern: pattern }),
    });
    if (response.status === 200) {
      const { events } = (await response.json()) as { events: { message: string }[] };
      if (events.length > 0) return events.map((e) => e.message);
    }
    if (performance.now() > deadline) throw new Error(`nothing matching ${pattern} in ${group}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  t = await startTestServer();
  await create(
    'worker',
    'exports.handler = async (e) => { if (e.fail) throw new Error("boom " + e.n); return { done: e.n }; };\n',
  );
  await create('audit', 'exports.handler = async (e) => { console.log("RECORD " + JSON.stringify(e)); };\n');
  await functionWithVersions(t.lambda, 'aliased');
});

afterAll(async () => {
  await t?.dispose();
});

describe('PutFunctionEventInvokeConfig and its siblings', () => {
  it('stores, reads, updates, lists and deletes settings in AWS shapes', async () => {
    const put = await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'worker',
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: ARN('audit') } },
      }),
    );
    expect(put.FunctionArn).toBe(`${ARN('worker')}:$LATEST`);
    expect(put.MaximumRetryAttempts).toBe(0);
    expect(put.MaximumEventAgeInSeconds).toBeUndefined();
    expect(put.DestinationConfig).toEqual({ OnSuccess: {}, OnFailure: { Destination: ARN('audit') } });
    expect(put.LastModified).toBeInstanceOf(Date);

    const updated = await t.lambda.send(
      new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'worker', MaximumEventAgeInSeconds: 120 }),
    );
    expect(updated).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 });
    expect(updated.DestinationConfig?.OnFailure?.Destination).toBe(ARN('audit'));

    const got = await t.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'worker' }));
    expect(got).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 });

    await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: 'aliased',
        Qualifier: 'live',
        MaximumRetryAttempts: 1,
      }),
    );
    await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: 'aliased:1', MaximumEventAgeInSeconds: 60 }),
    );
    const list = await t.lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'aliased' }));
    expect(list.FunctionEventInvokeConfigs?.map((c) => c.FunctionArn)).toEqual([
      `${ARN('aliased')}:1`,
      `${ARN('aliased')}:live`,
    ]);
    await t.lambda.send(
      new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'aliased', Qualifier: '1' }),
    );
    const gone = await awsError(
      t.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'aliased', Qualifier: '1' })),
    );
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `The function ${ARN('aliased')}:1 doesn't have an EventInvokeConfig`,
    });
  });

  it('refuses what AWS refuses, and the destinations gradual has not by name', async () => {
    const refuse = (input: ConstructorParameters<typeof PutFunctionEventInvokeConfigCommand>[0]) =>
      awsError(t.lambda.send(new PutFunctionEventInvokeConfigCommand(input)));
    expect(await refuse({ FunctionName: 'worker' })).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'You must specify at least one of error handling or destination setting.',
    });
    expect(await refuse({ FunctionName: 'worker', MaximumRetryAttempts: 3 })).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2",
    });
    expect(
      await refuse({
        FunctionName: 'worker',
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:dead-letters' } },
      }),
    ).toMatchObject({
      name: 'InvalidParameterValueException',
      message: expect.stringContaining('gradual has no Amazon SQS queues') as unknown,
    });
    expect(
      await refuse({
        FunctionName: 'worker',
        DestinationConfig: {
          OnSuccess: { Destination: 'arn:aws:events:us-east-1:000000000000:event-bus/default' },
        },
      }),
    ).toMatchObject({
      message: expect.stringContaining('gradual has no Amazon EventBridge event buses') as unknown,
    });
    expect(
      await refuse({
        FunctionName: 'worker',
        DestinationConfig: { OnFailure: { Destination: ARN('worker') } },
      }),
    ).toMatchObject({ message: "You can't specify the function as a destination for itself." });
    expect(
      await refuse({
        FunctionName: 'worker',
        DestinationConfig: { OnFailure: { Destination: ARN('nobody') } },
      }),
    ).toMatchObject({ message: `The destination ARN ${ARN('nobody')} is invalid.` });
    expect(
      await refuse({ FunctionName: 'aliased', Qualifier: 'nope', MaximumRetryAttempts: 1 }),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "The function doesn't exist.",
    });
  });

  it('sends a failed event to its on-failure destination after the retries it allows', async () => {
    await t.lambda.send(
      new InvokeCommand({
        FunctionName: 'worker',
        InvocationType: 'Event',
        Payload: JSON.stringify({ fail: true, n: 41 }),
      }),
    );
    const [line] = await logged('/aws/lambda/audit', 'RetriesExhausted');
    const record = JSON.parse(line!.replace(/^.*RECORD /, '')) as unknown;
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: {
        functionArn: `${ARN('worker')}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 1,
      },
      requestPayload: { fail: true, n: 41 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'boom 41' },
    });
  });
});

import {
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  waitUntilPublishedVersionActive,
  CreateFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeZip, ROLE } from '../support/functions.js';
import { awsError, createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
const arn = (name: string, q?: string): string =>
  `arn:aws:lambda:us-east-1:000000000000:function:${name}${q ? `:${q}` : ''}`;

beforeAll(async () => {
  t = await startTestServer({ maxConcurrency: 1000 });
});
afterAll(async () => {
  await t.dispose();
});

describe('reserved concurrency', () => {
  it('put, get ({} when unset), delete, and the account budget', async () => {
    await createActiveFunction(t.lambda, 'conc');
    const unset = await t.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'conc' }));
    expect(unset.ReservedConcurrentExecutions).toBeUndefined();
    const put = await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'conc', ReservedConcurrentExecutions: 0 }),
    );
    expect(put.ReservedConcurrentExecutions).toBe(0);
    expect((await t.lambda.send(new GetFunctionCommand({ FunctionName: 'conc' }))).Concurrency).toEqual({
      ReservedConcurrentExecutions: 0,
    });
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: 'conc', ReservedConcurrentExecutions: 900 }),
    );
    await createActiveFunction(t.lambda, 'conc2');
    const over = await awsError(
      t.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'conc2', ReservedConcurrentExecutions: 1 }),
      ),
    );
    expect(over).toMatchObject({
      name: 'InvalidParameterValueException',
      message:
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    });
    const settings = await t.lambda.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit).toMatchObject({
      ConcurrentExecutions: 1000,
      UnreservedConcurrentExecutions: 100,
    });
    expect(settings.AccountUsage?.FunctionCount).toBeGreaterThanOrEqual(2);
    const deleted = await t.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'conc' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(
      (await t.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'conc' })))
        .ReservedConcurrentExecutions,
    ).toBeUndefined();

    const qualified = await awsError(
      t.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'conc:1', ReservedConcurrentExecutions: 1 }),
      ),
    );
    expect(qualified.message).toBe(
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    );
    const missing = await awsError(
      t.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'nope', ReservedConcurrentExecutions: 1 }),
      ),
    );
    expect(missing).toMatchObject({ status: 404, message: `Function not found: ${arn('nope', '$LATEST')}` });
    const negative = await awsError(
      t.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: 'conc', ReservedConcurrentExecutions: -1 }),
      ),
    );
    expect(negative.name).toBe('ValidationException');
  });
});

describe('tags', () => {
  it('tag, list, untag; refuses qualified ARNs', async () => {
    await createActiveFunction(t.lambda, 'tagged', { Tags: { team: 'a' } });
    const tagged = await t.lambda.send(
      new TagResourceCommand({ Resource: arn('tagged'), Tags: { env: 'prod' } }),
    );
    expect(tagged.$metadata.httpStatusCode).toBe(204);
    expect((await t.lambda.send(new ListTagsCommand({ Resource: arn('tagged') }))).Tags).toEqual({
      team: 'a',
      env: 'prod',
    });
    expect((await t.lambda.send(new GetFunctionCommand({ FunctionName: 'tagged' }))).Tags).toEqual({
      team: 'a',
      env: 'prod',
    });
    await t.lambda.send(new UntagResourceCommand({ Resource: arn('tagged'), TagKeys: ['team'] }));
    expect((await t.lambda.send(new ListTagsCommand({ Resource: arn('tagged') }))).Tags).toEqual({
      env: 'prod',
    });
    const qualified = await awsError(
      t.lambda.send(new TagResourceCommand({ Resource: arn('tagged', '1'), Tags: { a: 'b' } })),
    );
    expect(qualified).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Tags on function aliases and versions are not supported. Please specify a function ARN.',
    });
  });
});

describe('SDK waiters', () => {
  it('function-active-v2, function-updated-v2 and published-version-active complete', async () => {
    await t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'waited',
        Runtime: 'nodejs22.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: await nodeZip() },
      }),
    );
    const active = await waitUntilFunctionActiveV2(
      { client: t.lambda, maxWaitTime: 20 },
      { FunctionName: 'waited' },
    );
    expect(active.state).toBe('SUCCESS');
    await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'waited', ZipFile: await nodeZip({ v: 2 }) }),
    );
    const updated = await waitUntilFunctionUpdatedV2(
      { client: t.lambda, maxWaitTime: 20 },
      { FunctionName: 'waited' },
    );
    expect(updated.state).toBe('SUCCESS');
    const { Version } = await t.lambda.send(new PublishVersionCommand({ FunctionName: 'waited' }));
    const published = await waitUntilPublishedVersionActive(
      { client: t.lambda, maxWaitTime: 20, minDelay: 1 },
      { FunctionName: 'waited', Qualifier: Version },
    );
    expect(published.state).toBe('SUCCESS');
  });
});

import {
  CreateAliasCommand,
  CreateFunctionUrlConfigCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteFunctionUrlConfigCommand,
  GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand,
  PublishVersionCommand,
  UpdateFunctionUrlConfigCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webZip } from '../support/gateway.js';
import { awsError, createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';

beforeAll(async () => {
  t = await startTestServer();
  await createActiveFunction(t.lambda, 'site', { Code: { ZipFile: await webZip() } });
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'site' }));
  await t.lambda.send(new CreateAliasCommand({ FunctionName: 'site', Name: 'live', FunctionVersion: '1' }));
});
afterAll(() => t.dispose());

describe('function URL configurations through the Lambda API', () => {
  it('creates a URL for the function, with the shape and status AWS returns', async () => {
    const created = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'site', AuthType: 'NONE' }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created.FunctionUrl).toMatch(
      new RegExp(`^http://[a-z0-9]{32}\\.lambda-url\\.us-east-1\\.localhost:${t.server.gateway.port}/$`),
    );
    expect(created).toMatchObject({ FunctionArn: `${ARN}:site`, AuthType: 'NONE', InvokeMode: 'BUFFERED' });
    expect(created.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(created.Cors).toBeUndefined();

    const got = await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'site' }));
    expect(got).toMatchObject({
      FunctionUrl: created.FunctionUrl,
      AuthType: 'NONE',
      FunctionArn: `${ARN}:site`,
    });
    expect(got.LastModifiedTime).toBe(created.CreationTime);
  });

  it('refuses a second URL for the same qualifier with ResourceConflictException', async () => {
    const error = await awsError(
      t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'site', AuthType: 'NONE' })),
    );
    expect(error).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
      message: `Failed to create function url config for [functionArn = ${ARN}:site]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    });
  });

  it('creates one per alias, with CORS, and lists them with paging', async () => {
    const cors = { AllowOrigins: ['https://example.com'], AllowMethods: ['GET', 'POST'], MaxAge: 300 };
    const live = await t.lambda.send(
      new CreateFunctionUrlConfigCommand({
        FunctionName: 'site',
        Qualifier: 'live',
        AuthType: 'AWS_IAM',
        Cors: cors,
      }),
    );
    expect(live).toMatchObject({ FunctionArn: `${ARN}:site:live`, AuthType: 'AWS_IAM', Cors: cors });
    const first = await t.lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: 'site', MaxItems: 1 }),
    );
    expect(first.FunctionUrlConfigs).toHaveLength(1);
    expect(first.NextMarker).toBeDefined();
    const second = await t.lambda.send(
      new ListFunctionUrlConfigsCommand({ FunctionName: 'site', Marker: first.NextMarker }),
    );
    expect(second.NextMarker).toBeUndefined();
    const arns = [...first.FunctionUrlConfigs!, ...second.FunctionUrlConfigs!]
      .map((c) => c.FunctionArn)
      .sort();
    expect(arns).toEqual([`${ARN}:site`, `${ARN}:site:live`]);
  });

  it('updates the auth type and CORS, keeping the URL', async () => {
    const before = await t.lambda.send(
      new GetFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: 'live' }),
    );
    const updated = await t.lambda.send(
      new UpdateFunctionUrlConfigCommand({
        FunctionName: 'site',
        Qualifier: 'live',
        AuthType: 'NONE',
        Cors: { AllowOrigins: ['*'] },
      }),
    );
    expect(updated).toMatchObject({
      FunctionUrl: before.FunctionUrl,
      AuthType: 'NONE',
      Cors: { AllowOrigins: ['*'] },
    });
    expect(updated.LastModifiedTime).toBeDefined();
  });

  it.each([
    ['$LATEST', /Value '\$LATEST' at 'qualifier' failed to satisfy constraint/],
    ['1', /Value '1' at 'qualifier' failed to satisfy constraint/],
  ])('refuses qualifier %s: only aliases (or none) have URLs', async (qualifier, message) => {
    const error = await awsError(
      t.lambda.send(
        new CreateFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: qualifier, AuthType: 'NONE' }),
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(error.message).toMatch(message);
  });

  it('says what is wrong with a bad AuthType or CORS setting', async () => {
    const auth = await awsError(
      t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'site', AuthType: 'OPEN' as 'NONE' })),
    );
    expect(auth).toMatchObject({ name: 'ValidationException' });
    expect(auth.message).toContain(
      "Value 'OPEN' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]",
    );
    const maxAge = await awsError(
      t.lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'site', Cors: { MaxAge: 90000 } })),
    );
    expect(maxAge.message).toContain(
      "at 'cors.maxAge' failed to satisfy constraint: Member must have value less than or equal to 86400",
    );
  });

  it('answers ResourceNotFoundException for a missing function, alias or config', async () => {
    expect(
      await awsError(
        t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'nope', AuthType: 'NONE' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException', status: 404, message: 'Function does not exist' });
    expect(
      await awsError(
        t.lambda.send(
          new CreateFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: 'ghost', AuthType: 'NONE' }),
        ),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException', message: 'Function does not exist' });
    expect(
      await awsError(
        t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: 'ghost' })),
      ),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
    });
    expect(
      await awsError(t.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'nope' }))),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('deletes a config (204), then it is gone', async () => {
    await t.lambda.send(new CreateAliasCommand({ FunctionName: 'site', Name: 'tmp', FunctionVersion: '1' }));
    await t.lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: 'tmp', AuthType: 'NONE' }),
    );
    const deleted = await t.lambda.send(
      new DeleteFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: 'tmp' }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(
      await awsError(
        t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: 'tmp' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(
      await awsError(
        t.lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: 'tmp' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('deleting an alias or the function deletes its URL configs, and survives a restart', async () => {
    await createActiveFunction(t.lambda, 'brief', { Code: { ZipFile: await webZip() } });
    await t.lambda.send(new PublishVersionCommand({ FunctionName: 'brief' }));
    await t.lambda.send(new CreateAliasCommand({ FunctionName: 'brief', Name: 'a', FunctionVersion: '1' }));
    await t.lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'brief', AuthType: 'NONE' }));
    await t.lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'brief', Qualifier: 'a', AuthType: 'NONE' }),
    );
    await t.lambda.send(new DeleteAliasCommand({ FunctionName: 'brief', Name: 'a' }));
    const left = await t.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'brief' }));
    expect(left.FunctionUrlConfigs!.map((c) => c.FunctionArn)).toEqual([`${ARN}:brief`]);
    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'brief' }));
    await createActiveFunction(t.lambda, 'brief');
    const none = await t.lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'brief' }));
    expect(none.FunctionUrlConfigs).toEqual([]);

    const url = (await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'site' }))).FunctionUrl;
    t = await t.restart();
    const after = await t.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'site' }));
    expect(new URL(after.FunctionUrl!).hostname).toBe(new URL(url!).hostname);
  });
});

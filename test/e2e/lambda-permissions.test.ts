import {
  AddPermissionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetPolicyCommand,
  PublishVersionCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
const arn = (q?: string): string =>
  `arn:aws:lambda:us-east-1:000000000000:function:guarded${q ? `:${q}` : ''}`;
const sourceArn = 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/*/*';

beforeAll(async () => {
  t = await startTestServer();
  await createActiveFunction(t.lambda, 'guarded');
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'guarded' }));
  await t.lambda.send(
    new CreateAliasCommand({ FunctionName: 'guarded', Name: 'production', FunctionVersion: '1' }),
  );
});
afterAll(async () => {
  await t.dispose();
});

const grant = (qualifier: string | undefined, sid = 'api-gateway-invoke-permission') =>
  new AddPermissionCommand({
    FunctionName: 'guarded',
    Qualifier: qualifier,
    StatementId: sid,
    Action: 'lambda:InvokeFunction',
    Principal: 'apigateway.amazonaws.com',
    SourceArn: sourceArn,
  });

describe('Lambda resource-based policies', () => {
  it('AddPermission on an alias, GetPolicy, duplicate, RemovePermission', async () => {
    const added = await t.lambda.send(grant('production'));
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: 'api-gateway-invoke-permission',
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: arn('production'),
      Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
    });

    const policy = await t.lambda.send(
      new GetPolicyCommand({ FunctionName: 'guarded', Qualifier: 'production' }),
    );
    expect(policy.RevisionId).toBeTruthy();
    expect(JSON.parse(policy.Policy!)).toEqual({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [JSON.parse(added.Statement!)],
    });
    // Policies are per ARN: the unqualified function has none.
    const unqualified = await awsError(t.lambda.send(new GetPolicyCommand({ FunctionName: 'guarded' })));
    expect(unqualified).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });

    const duplicate = await awsError(t.lambda.send(grant('production')));
    expect(duplicate).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    expect(duplicate.message).toContain(
      'The statement id (api-gateway-invoke-permission) provided already exists',
    );

    const stale = await awsError(
      t.lambda.send(
        new RemovePermissionCommand({
          FunctionName: 'guarded',
          Qualifier: 'production',
          StatementId: 'api-gateway-invoke-permission',
          RevisionId: 'not-the-revision',
        }),
      ),
    );
    expect(stale).toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    await t.lambda.send(
      new RemovePermissionCommand({
        FunctionName: 'guarded',
        Qualifier: 'production',
        StatementId: 'api-gateway-invoke-permission',
      }),
    );
    const gone = await awsError(
      t.lambda.send(new GetPolicyCommand({ FunctionName: 'guarded', Qualifier: 'production' })),
    );
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
    });
    const again = await awsError(
      t.lambda.send(new RemovePermissionCommand({ FunctionName: 'guarded', StatementId: 'nope' })),
    );
    expect(again).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Statement nope is not found in resource policy.',
    });
  });

  it('bad input: unknown qualifier or function, invalid statement id, action or principal', async () => {
    const noAlias = await awsError(t.lambda.send(grant('staging')));
    expect(noAlias).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: ${arn('staging')}`,
    });
    const noFn = await awsError(
      t.lambda.send(
        new AddPermissionCommand({
          FunctionName: 'nobody',
          StatementId: 's',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
        }),
      ),
    );
    expect(noFn.name).toBe('ResourceNotFoundException');
    for (const bad of [
      { StatementId: 'has space', Action: 'lambda:InvokeFunction', Principal: '*' },
      { StatementId: 's', Action: 's3:GetObject', Principal: '*' },
    ]) {
      const e = await awsError(t.lambda.send(new AddPermissionCommand({ FunctionName: 'guarded', ...bad })));
      expect(e, JSON.stringify(bad)).toMatchObject({ name: 'ValidationException', status: 400 });
    }
    const principal = await awsError(
      t.lambda.send(
        new AddPermissionCommand({
          FunctionName: 'guarded',
          StatementId: 's',
          Action: 'lambda:InvokeFunction',
          Principal: 'somebody',
        }),
      ),
    );
    expect(principal.name).toBe('InvalidParameterValueException');
  });

  it('deleting an alias or the function deletes its policies, and they survive a restart', async () => {
    await t.lambda.send(grant(undefined, 'whole'));
    await t.lambda.send(grant('production', 'alias'));
    t = await t.restart();
    const kept = await t.lambda.send(
      new GetPolicyCommand({ FunctionName: 'guarded', Qualifier: 'production' }),
    );
    expect((JSON.parse(kept.Policy!) as { Statement: { Sid: string }[] }).Statement[0]?.Sid).toBe('alias');

    await t.lambda.send(new DeleteAliasCommand({ FunctionName: 'guarded', Name: 'production' }));
    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: 'guarded', Name: 'production', FunctionVersion: '1' }),
    );
    const fresh = await awsError(
      t.lambda.send(new GetPolicyCommand({ FunctionName: 'guarded', Qualifier: 'production' })),
    );
    expect(fresh.name).toBe('ResourceNotFoundException');

    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'guarded' }));
    await createActiveFunction(t.lambda, 'guarded');
    const none = await awsError(t.lambda.send(new GetPolicyCommand({ FunctionName: 'guarded' })));
    expect(none.name).toBe('ResourceNotFoundException');
  });
});

import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  ListAliasesCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, createActiveFunction, waitUpdated } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
const arn = (q?: string): string =>
  `arn:aws:lambda:us-east-1:000000000000:function:aliased${q ? `:${q}` : ''}`;

beforeAll(async () => {
  t = await startTestServer();
  await createActiveFunction(t.lambda, 'aliased');
  for (const timeout of [3, 4, 5]) {
    await t.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'aliased', Timeout: timeout + 10 }),
    );
    await waitUpdated(t.lambda, 'aliased');
    await t.lambda.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
  }
});
afterAll(async () => {
  await t.dispose();
});

describe('aliases', () => {
  it('create, get, weighted update, promote, roll back, list, delete', async () => {
    const created = await t.lambda.send(
      new CreateAliasCommand({
        FunctionName: 'aliased',
        Name: 'live',
        FunctionVersion: '1',
        Description: 'prod',
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      AliasArn: arn('live'),
      Name: 'live',
      FunctionVersion: '1',
      Description: 'prod',
    });
    expect(created.RoutingConfig).toBeUndefined();

    const canary = await t.lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'aliased',
        Name: 'live',
        FunctionVersion: '2',
        RoutingConfig: { AdditionalVersionWeights: { '1': 0.9 } },
      }),
    );
    expect(canary).toMatchObject({
      FunctionVersion: '2',
      RoutingConfig: { AdditionalVersionWeights: { '1': 0.9 } },
    });
    expect(canary.RevisionId).not.toBe(created.RevisionId);

    const viaAlias = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: arn('live') }));
    expect(viaAlias).toMatchObject({ FunctionArn: arn('live'), Version: '2', Timeout: 14 });

    const kept = await t.lambda.send(
      new UpdateAliasCommand({ FunctionName: 'aliased', Name: 'live', Description: 'still' }),
    );
    expect(kept.RoutingConfig).toEqual({ AdditionalVersionWeights: { '1': 0.9 } });

    const promoted = await t.lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'aliased',
        Name: 'live',
        FunctionVersion: '2',
        RoutingConfig: {},
      }),
    );
    expect(promoted.RoutingConfig).toBeUndefined();
    const stale = await awsError(
      t.lambda.send(
        new UpdateAliasCommand({
          FunctionName: 'aliased',
          Name: 'live',
          FunctionVersion: '1',
          RevisionId: canary.RevisionId,
        }),
      ),
    );
    expect(stale).toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    const rolledBack = await t.lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'aliased',
        Name: 'live',
        FunctionVersion: '1',
        RevisionId: promoted.RevisionId,
      }),
    );
    expect(rolledBack.FunctionVersion).toBe('1');

    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: 'aliased', Name: 'beta', FunctionVersion: '$LATEST' }),
    );
    await t.lambda.send(
      new CreateAliasCommand({
        FunctionName: 'aliased',
        Name: 'canary',
        FunctionVersion: '3',
        RoutingConfig: { AdditionalVersionWeights: { '1': 0.5 } },
      }),
    );
    const all = await t.lambda.send(new ListAliasesCommand({ FunctionName: 'aliased' }));
    expect(all.Aliases?.map((a) => a.Name)).toEqual(['beta', 'canary', 'live']);
    const onOne = await t.lambda.send(
      new ListAliasesCommand({ FunctionName: 'aliased', FunctionVersion: '1' }),
    );
    expect(onOne.Aliases?.map((a) => a.Name)).toEqual(['canary', 'live']);
    const paged = await t.lambda.send(new ListAliasesCommand({ FunctionName: 'aliased', MaxItems: 2 }));
    expect(paged.Aliases).toHaveLength(2);
    const rest = await t.lambda.send(
      new ListAliasesCommand({ FunctionName: 'aliased', Marker: paged.NextMarker }),
    );
    expect(rest.Aliases?.map((a) => a.Name)).toEqual(['live']);
    expect(rest.NextMarker).toBeUndefined();

    const referenced = await awsError(
      t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'aliased', Qualifier: '1' })),
    );
    expect(referenced).toMatchObject({ name: 'ResourceConflictException', status: 409 });

    const deleted = await t.lambda.send(new DeleteAliasCommand({ FunctionName: 'aliased', Name: 'beta' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const again = await t.lambda.send(new DeleteAliasCommand({ FunctionName: 'aliased', Name: 'beta' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
  });

  it('answers every routing and naming rule with its exact error', async () => {
    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: 'aliased', Name: 'rules', FunctionVersion: '1' }),
    );
    const update = (FunctionVersion: string | undefined, weights: Record<string, number>) =>
      awsError(
        t.lambda.send(
          new UpdateAliasCommand({
            FunctionName: 'aliased',
            Name: 'rules',
            FunctionVersion,
            RoutingConfig: { AdditionalVersionWeights: weights },
          }),
        ),
      );
    expect(await update('1', { '2': 0.1, '3': 0.1 })).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Number of items in AdditionalVersionWeights cannot be greater than 1',
    });
    expect(await update('1', { '2': 2 })).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    });
    expect(await update('1', { '1': 0.5 })).toMatchObject({
      message: 'Invalid function version 1. Function version 1 is already included in routing configuration.',
    });
    expect(await update('$LATEST', { '2': 0.5 })).toMatchObject({
      message: '$LATEST is not supported for an alias pointing to more than 1 version',
    });
    expect(await update('1', { '10': 0.5 })).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${arn('10')}`,
    });

    const digits = await awsError(
      t.lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: '2024', FunctionVersion: '1' })),
    );
    expect(digits).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    });
    const dup = await awsError(
      t.lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'rules', FunctionVersion: '1' })),
    );
    expect(dup).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
      message: `Alias already exists: ${arn('rules')}`,
    });
    const noVersion = await awsError(
      t.lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'x', FunctionVersion: '10' })),
    );
    expect(noVersion).toMatchObject({ status: 404, message: `Function not found: ${arn('10')}` });
    const noFunction = await awsError(
      t.lambda.send(new CreateAliasCommand({ FunctionName: 'nope', Name: 'x', FunctionVersion: '1' })),
    );
    expect(noFunction.message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope:1',
    );
    const get = await awsError(
      t.lambda.send(new GetAliasCommand({ FunctionName: 'aliased', Name: 'ghost' })),
    );
    expect(get).toMatchObject({ status: 404, message: `Cannot find alias arn: ${arn('ghost')}` });
    const upd = await awsError(
      t.lambda.send(new UpdateAliasCommand({ FunctionName: 'aliased', Name: 'ghost', FunctionVersion: '1' })),
    );
    expect(upd).toMatchObject({ status: 404, message: `Alias not found: ${arn('ghost')}` });
  });
});

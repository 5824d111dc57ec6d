import {
  CreateAliasCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetProvisionedConcurrencyConfigCommand,
  ListProvisionedConcurrencyConfigsCommand,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
  UpdateFunctionConfigurationCommand,
  type GetProvisionedConcurrencyConfigCommandOutput,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKey } from '../../src/server/invoke/targets.js';
import { awsError, waitUpdated } from '../support/lambda.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';

async function ready(qualifier: string): Promise<GetProvisionedConcurrencyConfigCommandOutput> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const config = await t.lambda.send(
      new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'warm', Qualifier: qualifier }),
    );
    if (config.Status === 'READY' || performance.now() > deadline) return config;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Provisioned (pinned, running) environments of a version of `warm`. */
function environmentsOf(version: string): number {
  const { pool } = t.server.runtime;
  const key = pool.keys().find((k) => parseKey(k).functionName === 'warm' && parseKey(k).version === version);
  return key ? pool.provisioned(key) : 0;
}

beforeAll(async () => {
  t = await startTestServer();
  const zip = await nodeHandlersZip();
  await createFunction(t.lambda, { FunctionName: 'warm', Handler: 'index.env', zip });
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'warm' }));
  await t.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'warm', Description: 'v2' }));
  await waitUpdated(t.lambda, 'warm');
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'warm' }));
  await t.lambda.send(new CreateAliasCommand({ FunctionName: 'warm', Name: 'live', FunctionVersion: '2' }));
});

afterAll(async () => {
  await t?.dispose();
});

describe('provisioned concurrency', () => {
  it('starts the requested environments: IN_PROGRESS, then READY, and invocations start warm', async () => {
    const put = await t.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: 'warm',
        Qualifier: '1',
        ProvisionedConcurrentExecutions: 2,
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(202);
    expect(put).toMatchObject({
      RequestedProvisionedConcurrentExecutions: 2,
      AllocatedProvisionedConcurrentExecutions: 0,
      AvailableProvisionedConcurrentExecutions: 0,
      Status: 'IN_PROGRESS',
    });
    expect(put.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const config = await ready('1');
    expect(config).toMatchObject({
      RequestedProvisionedConcurrentExecutions: 2,
      AllocatedProvisionedConcurrentExecutions: 2,
      AvailableProvisionedConcurrentExecutions: 2,
      Status: 'READY',
    });
    expect(environmentsOf('1')).toBe(2);

    const r = await invokeFunction(t.lambda, { FunctionName: 'warm', Qualifier: '1', LogType: 'Tail' });
    expect(r.log).not.toContain('Init Duration');
    const { env } = r.json as { env: Record<string, string> };
    expect(env['AWS_LAMBDA_INITIALIZATION_TYPE']).toBe('provisioned-concurrency');
  });

  it('applies to an alias, and lists every configuration', async () => {
    await t.lambda.send(
      new PutProvisionedConcurrencyConfigCommand({
        FunctionName: 'warm',
        Qualifier: 'live',
        ProvisionedConcurrentExecutions: 1,
      }),
    );
    expect((await ready('live')).Status).toBe('READY');
    const list = await t.lambda.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: 'warm' }));
    expect(list.ProvisionedConcurrencyConfigs?.map((c) => [c.FunctionArn, c.Status])).toEqual([
      [`${ARN}:warm:1`, 'READY'],
      [`${ARN}:warm:live`, 'READY'],
    ]);
  });

  it('refuses $LATEST and reports missing configurations as Lambda does', async () => {
    const latest = await awsError(
      t.lambda.send(
        new PutProvisionedConcurrencyConfigCommand({
          FunctionName: 'warm',
          Qualifier: '$LATEST',
          ProvisionedConcurrentExecutions: 1,
        }),
      ),
    );
    expect(latest).toMatchObject({
      name: 'InvalidParameterValueException',
      status: 400,
      message: 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
    });
    await t.lambda.send(
      new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: 'warm', Qualifier: '1' }),
    );
    const missing = await awsError(
      t.lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'warm', Qualifier: '1' })),
    );
    expect(missing).toMatchObject({
      name: 'ProvisionedConcurrencyConfigNotFoundException',
      status: 404,
      message: 'No Provisioned Concurrency Config found for this function',
    });
    const noAlias = await awsError(
      t.lambda.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'warm', Qualifier: 'nope' })),
    );
    expect(noAlias).toMatchObject({ status: 404, message: `Cannot find alias arn: ${ARN}:warm:nope` });
  });

  it('survives a restart: the stored configuration is applied again', async () => {
    t = await t.restart();
    expect((await ready('live')).Status).toBe('READY');
    expect(environmentsOf('2')).toBe(1);
  });

  it('prewarms environments of a version on request (for deployments)', async () => {
    const started = await t.server.runtime.warmKeeper.prewarm('warm', '1', 3);
    expect(started).toBe(3);
    expect(t.server.runtime.pool.stats().idle).toBeGreaterThanOrEqual(4);
  });
});

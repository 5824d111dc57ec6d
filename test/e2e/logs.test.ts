import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { awsCli } from '../support/aws-cli.js';
import { signedFetch } from '../support/signed-fetch.js';
import { startTestServer, type TestServer } from '../support/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
let t: TestServer;

interface Running {
  output(): string;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp): Promise<void>;
  stop(): void;
}

/** Runs `gradual logs` against the test server. */
function gradualLogs(args: string[]): Running {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/main.ts'),
      'logs',
      ...args,
      '--endpoint-url',
      t.server.url,
      '--data-dir',
      t.dataDir,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return {
    output: () => output,
    async waitFor(pattern) {
      const deadline = performance.now() + 20_000;
      while (!pattern.test(output)) {
        if (performance.now() > deadline) throw new Error(`no ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop: () => child.kill(),
  };
}

beforeAll(async () => {
  t = await startTestServer();
  await createFunction(t.lambda, {
    FunctionName: 'chatty',
    Handler: 'index.logs',
    zip: await nodeHandlersZip(),
  });
});

afterAll(async () => {
  await t?.dispose();
});

describe('function logs', () => {
  it('keeps each invocation log in CloudWatch Logs, searchable with FilterLogEvents', async () => {
    const r = await invokeFunction(t.lambda, { FunctionName: 'chatty', event: { who: 'filter' } });
    const id = r.output.$metadata.requestId!;
    const response = await signedFetch(`${t.server.url}/`, {
      method: 'POST',
      service: 'logs',
      credentials: t.credentials,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.FilterLogEvents',
      },
      body: JSON.stringify({ logGroupName: '/aws/lambda/chatty', filterPattern: `"RequestId: ${id}"` }),
    });
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: { message: string; logStreamName: string }[] };
    expect(events.map((e) => e.message.split('\t')[0])).toEqual([
      `START RequestId: ${id} Version: $LATEST`,
      `END RequestId: ${id}`,
      `REPORT RequestId: ${id}`,
    ]);
    expect(events[0]!.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const missing = await signedFetch(`${t.server.url}/`, {
      method: 'POST',
      service: 'logs',
      credentials: t.credentials,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.FilterLogEvents',
      },
      body: JSON.stringify({ logGroupName: '/aws/lambda/nothing' }),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });

  it('prints them with `gradual logs`, and follows new ones with --follow', async () => {
    await invokeFunction(t.lambda, { FunctionName: 'chatty', event: { who: 'cli' } });
    const once = gradualLogs(['chatty']);
    await once.waitFor(/hello from cli[\s\S]*REPORT RequestId/);
    expect(once.output()).toMatch(/^START RequestId: /m);
    const follow = gradualLogs(['chatty', '--follow', '--since', '5m']);
    try {
      await follow.waitFor(/hello from cli/);
      await invokeFunction(t.lambda, { FunctionName: 'chatty', event: { who: 'follower' } });
      await follow.waitFor(/hello from follower[\s\S]*REPORT RequestId/);
      // Each line once, however many polls saw it.
      expect(follow.output().match(/hello from cli/g)).toHaveLength(1);
    } finally {
      once.stop();
      follow.stop();
    }
  });

  it('keeps a retention policy per log group (the AWS CLI), shown by DescribeLogGroups', async () => {
    await invokeFunction(t.lambda, { FunctionName: 'chatty', event: { who: 'retention' } });
    await awsCli(
      t,
      'logs',
      'put-retention-policy',
      '--log-group-name',
      '/aws/lambda/chatty',
      '--retention-in-days',
      '7',
    );
    const described = (await awsCli(
      t,
      'logs',
      'describe-log-groups',
      '--log-group-name-prefix',
      '/aws/lambda/chat',
    )) as {
      logGroups: {
        logGroupName: string;
        retentionInDays?: number;
        storedBytes: number;
        creationTime: number;
      }[];
    };
    expect(described.logGroups).toHaveLength(1);
    expect(described.logGroups[0]).toMatchObject({ logGroupName: '/aws/lambda/chatty', retentionInDays: 7 });
    expect(described.logGroups[0]!.storedBytes).toBeGreaterThan(0);
    expect(described.logGroups[0]!.creationTime).toBeGreaterThan(Date.UTC(2020, 0, 1));
    const put = (body: unknown) =>
      signedFetch(`${t.server.url}/`, {
        method: 'POST',
        service: 'logs',
        credentials: t.credentials,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Logs_20140328.PutRetentionPolicy',
        },
        body: JSON.stringify(body),
      });
    const invalid = await put({ logGroupName: '/aws/lambda/chatty', retentionInDays: 2 });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
    });
    const missing = await put({ logGroupName: '/aws/lambda/none', retentionInDays: 1 });
    expect(await missing.json()).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    await awsCli(t, 'logs', 'delete-retention-policy', '--log-group-name', '/aws/lambda/chatty');
    const after = (await awsCli(t, 'logs', 'describe-log-groups')) as {
      logGroups: { logGroupName: string; retentionInDays?: number }[];
    };
    expect(
      after.logGroups.find((g) => g.logGroupName === '/aws/lambda/chatty')?.retentionInDays,
    ).toBeUndefined();
  });
});

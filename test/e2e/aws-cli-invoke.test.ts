import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction, nodeHandlersZip } from '../support/fixtures.js';
import { awsCli } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Invoke and logs through the AWS CLI (botocore: raw payload, no Content-Type, body hashed). */
let t: TestServer;
let work: string;

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  return ((await awsCli(t, ...args)) ?? {}) as Record<string, unknown>;
}

beforeAll(async () => {
  t = await startTestServer();
  work = mkdtempSync(join(tmpdir(), 'gradual-cli-invoke-'));
  await createFunction(t.lambda, {
    FunctionName: 'hello',
    Handler: 'index.logs',
    zip: await nodeHandlersZip(),
  });
});

afterAll(async () => {
  await t?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('the AWS CLI', () => {
  it('invokes with a Tail log, by qualified ARN too, and reads the logs back', async () => {
    const out = join(work, 'out.json');
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:hello:$LATEST';
    const r = await aws(
      'lambda',
      'invoke',
      '--function-name',
      arn,
      '--payload',
      '{"who":"the cli"}',
      '--log-type',
      'Tail',
      out,
    );
    expect(r['StatusCode']).toBe(200);
    expect(r['ExecutedVersion']).toBe('$LATEST');
    expect(readFileSync(out, 'utf8')).toBe('"logged"');
    expect(Buffer.from(String(r['LogResult']), 'base64').toString()).toContain(
      '\tINFO\thello from the cli\n',
    );
    const event = await aws(
      'lambda',
      'invoke',
      '--function-name',
      'hello',
      '--invocation-type',
      'Event',
      '--payload',
      '{}',
      out,
    );
    expect(event['StatusCode']).toBe(202);
    const logs = await aws(
      'logs',
      'filter-log-events',
      '--log-group-name',
      '/aws/lambda/hello',
      '--filter-pattern',
      'hello from',
    );
    const messages = (logs['events'] as { message: string }[]).map((e) => e.message);
    expect(messages.some((m) => m.endsWith('\tINFO\thello from the cli'))).toBe(true);
  });
});

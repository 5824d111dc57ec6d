import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import type { InvocationRecord } from '../../src/server/invoke/invocation-record.js';
import type { TestServer } from './server.js';

export type CloudWatchProtocol = 'json' | 'query';

/**
 * A CloudWatch SDK client for the test server. `json` is the SDK's default (AWS JSON 1.0);
 * `query` opts into awsQuery, the protocol older clients (Debian's AWS CLI 2.9) speak.
 */
export function cloudWatchClient(t: TestServer, protocol: CloudWatchProtocol = 'json'): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: t.server.url,
    region: t.server.options.region,
    credentials: t.credentials,
    maxAttempts: 1,
    ...(protocol === 'query' ? { protocol: AwsQueryProtocol } : {}),
  });
}

/** An invocation as the invoke path reports it, for driving the recorder until invoke is wired. */
export function invocation(overrides: Partial<InvocationRecord> & { startedAt: number }): InvocationRecord {
  return {
    functionName: 'fn',
    qualifier: 'live',
    executedVersion: '2',
    durationMs: 20,
    outcome: 'success',
    invocationType: 'RequestResponse',
    concurrentExecutions: 1,
    coldStart: false,
    ...overrides,
  };
}

/** Polls `check` every 5 ms until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

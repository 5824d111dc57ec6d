import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Agent } from 'node:http';
import { BASIC_EXECUTION, ensureRole } from '../../test/support/iam.js';
import { CREDENTIALS, type ServerProcess } from './server-process.js';

/** The execution role the benchmark's functions run as (logs only). */
export const ROLE = 'arn:aws:iam::000000000000:role/bench';

/** Creates that role on the server, through IAM, as a user would. */
export async function ensureBenchRole(server: Pick<ServerProcess, 'url'>): Promise<void> {
  const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS });
  try {
    await ensureRole(iam, { name: 'bench', managed: [BASIC_EXECUTION] });
  } finally {
    iam.destroy();
  }
}

/** SDK clients with as many connections as the benchmark asks for (the SDK's default is 50). */
export function clients(server: Pick<ServerProcess, 'url'>, maxSockets = 64) {
  const httpAgent = new Agent({ keepAlive: true, maxSockets });
  const config = {
    endpoint: server.url,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { httpAgent, requestTimeout: 300_000, connectionTimeout: 120_000 },
  };
  const lambda = new LambdaClient(config);
  const codedeploy = new CodeDeployClient(config);
  return {
    lambda,
    codedeploy,
    destroy() {
      lambda.destroy();
      codedeploy.destroy();
      httpAgent.destroy();
    },
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pooled<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

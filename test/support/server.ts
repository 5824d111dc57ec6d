import { LambdaClient } from '@aws-sdk/client-lambda';
import { ensureTestRoles } from './iam.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer,
  type RunningServer,
  type ServerOptions,
  type ServerSeams,
} from '../../src/server/main.js';

export function tempDir(prefix = 'gradual-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  lambda: LambdaClient;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Stops the server and starts a new one on the same data dir. */
  restart(): Promise<TestServer>;
  /** Stops the server and removes its data dir. */
  dispose(): Promise<void>;
}

/** A real server on port 0 with a temporary data dir, and SDK clients pointed at it. */
export async function startTestServer(
  options: Partial<ServerOptions> = {},
  seams: ServerSeams = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const server = await startServer({ port: 0, gatewayPort: 0, ...options, dataDir }, seams);
  const credentials = server.credentials?.credentials ?? { accessKeyId: 'any', secretAccessKey: 'any' };
  const clientConfig = {
    endpoint: server.url,
    region: server.options.region,
    credentials,
    maxAttempts: 1,
  };
  await ensureTestRoles(clientConfig);
  const lambda = new LambdaClient(clientConfig);
  const handle: TestServer = {
    server,
    dataDir,
    lambda,
    credentials,
    async restart() {
      lambda.destroy();
      await server.close();
      return startTestServer({ ...options, dataDir }, seams);
    },
    async dispose() {
      lambda.destroy();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

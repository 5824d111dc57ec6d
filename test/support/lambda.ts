import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { nodeZip, ROLE } from './functions.js';

/** Creates a Node.js function and waits until it is Active, as a careful client would. */
export async function createActiveFunction(
  lambda: LambdaClient,
  name: string,
  overrides: Partial<CreateFunctionCommandInput> = {},
): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: await nodeZip({ name }) },
      ...overrides,
    }),
  );
  await waitUntil(lambda, name, (c) => c.State === 'Active');
}

export async function waitUpdated(lambda: LambdaClient, name: string, qualifier?: string): Promise<void> {
  await waitUntil(
    lambda,
    name,
    (c) => c.LastUpdateStatus === 'Successful' && c.State === 'Active',
    qualifier,
  );
}

/**
 * Polls GetFunctionConfiguration after 20 ms, then less often, up to every 320 ms (the SDK
 * waiters poll once a second, which would make the suite slow; one test runs the real waiters).
 * Not every 20 ms throughout: twenty functions created at once were a thousand signed requests a
 * second, in the process that serves them, and on a loaded machine kept it from settling them.
 */
export async function waitUntil(
  lambda: LambdaClient,
  name: string,
  done: (config: FunctionConfiguration) => boolean,
  qualifier?: string,
): Promise<FunctionConfiguration> {
  const deadline = performance.now() + 10_000;
  for (let pause = 20; ; pause = Math.min(pause * 2, 320)) {
    const config = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: qualifier }),
    );
    if (done(config)) return config;
    if (performance.now() > deadline) throw new Error(`${name} did not settle: ${JSON.stringify(config)}`);
    await new Promise((r) => setTimeout(r, pause));
  }
}

/** The AWS error a promise rejected with: its name (code), message and HTTP status. */
export async function awsError(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status: number | undefined; error: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    const error = e as Error & { $metadata?: { httpStatusCode?: number } };
    return {
      name: error.name,
      message: error.message,
      status: error.$metadata?.httpStatusCode,
      error: error as unknown as Record<string, unknown>,
    };
  }
  throw new Error('expected the call to fail');
}

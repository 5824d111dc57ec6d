import { describe, expect, it } from 'vitest';
import { functionEnvironment, logStreamName, type FunctionEnvInput } from './function-env.js';

const input: FunctionEnvInput = {
  functionName: 'f',
  version: '3',
  runtime: 'python3.12',
  handler: 'app.handler',
  memorySize: 256,
  logGroup: '/aws/lambda/f',
  logStreamName: '2026/01/01/[3]abc',
  region: 'eu-west-1',
  runtimeApi: '127.0.0.1:4000',
  runtimeSocket: '/run/gradual/runtime.sock',
  initializationType: 'on-demand',
  taskRoot: '/var/task',
  runtimeDir: '/var/runtime/python',
  nodeModules: undefined,
  credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
  endpointUrl: 'http://127.0.0.1:9000',
  variables: { MINE: 'x', AWS_ENDPOINT_URL: 'http://elsewhere' },
};

describe('runtime environment variables', () => {
  it("tells gradual's bootstraps the framed channel's socket only when they are to use it", () => {
    expect(functionEnvironment(input)['_GRADUAL_RUNTIME_FRAMES_SOCKET']).toBeUndefined();
    const framed = functionEnvironment({ ...input, framesSocket: '/run/gradual/frames.sock' });
    expect(framed['_GRADUAL_RUNTIME_FRAMES_SOCKET']).toBe('/run/gradual/frames.sock');
    // Lambda's Runtime API stays where every runtime and the function's own code find it.
    expect(framed['AWS_LAMBDA_RUNTIME_API']).toBe('127.0.0.1:4000');
  });

  it('sets the runtime environment variables Lambda defines, including those the Node 24 runtime requires', () => {
    const env = functionEnvironment(input);
    expect(env).toMatchObject({
      _HANDLER: 'app.handler',
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.12',
      AWS_LAMBDA_FUNCTION_NAME: 'f',
      AWS_LAMBDA_FUNCTION_VERSION: '3',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/f',
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[3]abc',
      AWS_LAMBDA_RUNTIME_API: '127.0.0.1:4000',
      _GRADUAL_RUNTIME_API_SOCKET: '/run/gradual/runtime.sock',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AK',
      AWS_SECRET_ACCESS_KEY: 'SK',
      LAMBDA_TASK_ROOT: '/var/task',
      LAMBDA_RUNTIME_DIR: '/var/runtime/python',
      PYTHONPATH: '/var/runtime/python',
      TZ: ':UTC',
      MINE: 'x',
    });
    expect(env['NODE_PATH']).toBeUndefined();
  });

  it("lets the function's own variables point the SDK elsewhere", () => {
    expect(functionEnvironment(input)['AWS_ENDPOINT_URL']).toBe('http://elsewhere');
    expect(functionEnvironment({ ...input, variables: undefined })['AWS_ENDPOINT_URL']).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it('gives Node its module path, the SDK included', () => {
    const env = functionEnvironment({
      ...input,
      runtime: 'nodejs22.x',
      nodeModules: '/var/runtime/node_modules',
    });
    expect(env['NODE_PATH']).toBe(
      '/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime/python:/var/task',
    );
  });

  it('names log streams by date, version and a random id', () => {
    expect(logStreamName(Date.UTC(2026, 4, 7), '$LATEST', 'f'.repeat(32))).toBe(
      `2026/05/07/[$LATEST]${'f'.repeat(32)}`,
    );
  });
});

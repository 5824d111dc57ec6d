/**
 * Runtimes gradual can run on this machine, the ones AWS no longer accepts, and the ones AWS has
 * that gradual cannot run: the server enforces them, `gradual deploy` checks templates against them.
 */
export const SUPPORTED_RUNTIMES = [
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'provided',
  'provided.al2',
  'provided.al2023',
] as const;

export const DEPRECATED_RUNTIMES = [
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'ruby2.5',
  'ruby2.7',
  'go1.x',
  'java8',
] as const;

/** Runtimes AWS has that this machine cannot run. */
export const UNAVAILABLE_RUNTIMES = [
  'java11',
  'java17',
  'java21',
  'java25',
  'java8.al2',
  'dotnet6',
  'dotnet8',
  'dotnet10',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
] as const;

/** Environment variables Lambda sets itself; a function may not override them. */
export const RESERVED_ENVIRONMENT_KEYS = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

/** Lambda's pattern for environment variable names. */
export const ENVIRONMENT_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/;

/** Lambda's limits: MemorySize in MB, Timeout in seconds. */
export const MEMORY_SIZE = { min: 128, max: 10240 } as const;
export const TIMEOUT_SECONDS = { min: 1, max: 900 } as const;

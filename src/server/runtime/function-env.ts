/**
 * The environment variables of a runtime process (Lambda Developer Guide, defined runtime environment variables): what Lambda sets, the function's own
 * variables, and where to reach gradual's API from inside. Nothing of the server's own environment
 * leaks in.
 */
export interface FunctionEnvInput {
  functionName: string;
  version: string;
  runtime: string;
  handler: string;
  memorySize: number;
  logGroup: string;
  logStreamName: string;
  region: string;
  /** `host:port` of this environment's Runtime API. */
  runtimeApi: string;
  /** The same API as a Unix socket, as the process sees it: gradual's bootstraps use it. */
  runtimeSocket: string;
  /** gradual's framed channel to the same API, when its bootstraps are to use it. */
  framesSocket?: string | undefined;
  initializationType: 'on-demand' | 'provisioned-concurrency';
  /** Where /var/task and /var/runtime are as the process sees them. */
  taskRoot: string;
  runtimeDir: string;
  /** Extra module paths for Node (the AWS SDK), as the process sees them. */
  nodeModules: string | undefined;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** gradual's API, so an AWS SDK inside the function calls back here. */
  endpointUrl: string;
  variables: Readonly<Record<string, string>> | undefined;
}

const XRAY_DAEMON = '169.254.79.129:2000';

export function functionEnvironment(input: FunctionEnvInput): Record<string, string> {
  const { taskRoot, runtimeDir } = input;
  const family = input.runtime.startsWith('nodejs')
    ? 'node'
    : input.runtime.startsWith('python')
      ? 'python'
      : 'provided';
  const languagePaths: Record<string, string> =
    family === 'node'
      ? {
          NODE_PATH: [
            '/opt/nodejs/node_modules',
            ...(input.nodeModules ? [input.nodeModules] : []),
            runtimeDir,
            taskRoot,
          ].join(':'),
        }
      : family === 'python'
        ? { PYTHONPATH: runtimeDir }
        : {};
  return {
    // Overridable by the function's own variables.
    AWS_ENDPOINT_URL: input.endpointUrl,
    ...input.variables,
    // Lambda's own: a function cannot change these (the registry refuses reserved keys).
    _HANDLER: input.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${input.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: input.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: input.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_LAMBDA_RUNTIME_API: input.runtimeApi,
    _GRADUAL_RUNTIME_API_SOCKET: input.runtimeSocket,
    ...(input.framesSocket ? { _GRADUAL_RUNTIME_FRAMES_SOCKET: input.framesSocket } : {}),
    AWS_LAMBDA_INITIALIZATION_TYPE: input.initializationType,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
    ...(input.credentials.sessionToken ? { AWS_SESSION_TOKEN: input.credentials.sessionToken } : {}),
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: runtimeDir,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    LC_CTYPE: 'C.UTF-8',
    SHLVL: '0',
    PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
    LD_LIBRARY_PATH: `/var/lang/lib:/lib64:/usr/lib64:${runtimeDir}:${runtimeDir}/lib:${taskRoot}:${taskRoot}/lib:/opt/lib`,
    AWS_XRAY_DAEMON_ADDRESS: XRAY_DAEMON,
    _AWS_XRAY_DAEMON_ADDRESS: XRAY_DAEMON.split(':')[0]!,
    _AWS_XRAY_DAEMON_PORT: '2000',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    ...languagePaths,
  };
}

/** `2024/01/01/[$LATEST]<32 hex>`, as Lambda names an environment's log stream. */
export function logStreamName(nowMs: number, version: string, hex32: string): string {
  const date = new Date(nowMs).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[${version}]${hex32}`;
}

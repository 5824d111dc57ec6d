import { IAMClient } from '@aws-sdk/client-iam';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Option, type Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_DATA_DIR_HELP, defaultClientDataDir } from '../../contracts/data-dirs.js';
import { DEFAULT_SERVER_ADDRESS, runningServerAddress } from '../../contracts/server-address.js';

/** Where a gradual server is, and who to sign as: what every client command needs. */
export interface Connection {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface ConnectionOptions {
  endpoint?: string;
  /** The AWS CLI's spelling of --endpoint, accepted too. */
  endpointUrl?: string;
  region?: string;
  dataDir: string;
}

/** The options every client command takes; `connect` fills in what is not given. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option(
      '--endpoint <url>',
      `the gradual server (default: $AWS_ENDPOINT_URL, else the one running on --data-dir, else "${DEFAULT_SERVER_ADDRESS.url}")`,
    )
    .addOption(new Option('--endpoint-url <url>').hideHelp())
    .option(
      '--region <region>',
      `the region the server answers as (default: $AWS_REGION, else the running server's, else "${DEFAULT_SERVER_ADDRESS.region}")`,
    )
    .addOption(
      new Option(
        '--data-dir <dir>',
        "the server's data dir, for its credentials (unless AWS_ACCESS_KEY_ID is set)",
      ).default(defaultClientDataDir(), CLIENT_DATA_DIR_HELP),
    );
}

/**
 * Credentials in the order a user expects: the AWS_* env, then the server's generated
 * `credentials.json` in its data dir, else any (a server with `--auth off` takes anything).
 */
export function resolveCredentials(dataDir: string, env = process.env): Connection['credentials'] {
  const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token } = env;
  if (id && secret)
    return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
  const file = join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    return { accessKeyId: saved.accessKeyId, secretAccessKey: saved.secretAccessKey };
  }
  return { accessKeyId: 'gradual', secretAccessKey: 'gradual' };
}

/**
 * Where to connect, in the order a user expects: the flags, then the env `gradual env` prints, then
 * the address the server running on the data dir recorded (a `serve --port 9100` needs no flags
 * repeated), then serve's defaults.
 */
export function connect(options: ConnectionOptions, env = process.env): Connection {
  const endpoint = options.endpointUrl ?? options.endpoint ?? env['AWS_ENDPOINT_URL'];
  const region = options.region ?? env['AWS_REGION'];
  const running = endpoint && region ? undefined : runningServerAddress(options.dataDir);
  return {
    endpoint: endpoint ?? running?.url ?? DEFAULT_SERVER_ADDRESS.url,
    region: region ?? running?.region ?? DEFAULT_SERVER_ADDRESS.region,
    credentials: resolveCredentials(options.dataDir, env),
  };
}

/** What every SDK client pointed at gradual is made with. */
export function clientConfig(
  connection: Connection,
): Pick<Connection, 'endpoint' | 'region' | 'credentials'> {
  return { endpoint: connection.endpoint, region: connection.region, credentials: connection.credentials };
}

/** The official AWS SDK clients, pointed at gradual: the deployer uses nothing else. */
export function sdkClients(connection: Connection): {
  lambda: LambdaClient;
  codeDeploy: CodeDeployClient;
  cloudWatch: CloudWatchClient;
  apiGateway: APIGatewayClient;
  apiGatewayV2: ApiGatewayV2Client;
  iam: IAMClient;
  sfn: SFNClient;
  destroy(): void;
} {
  const config = clientConfig(connection);
  const lambda = new LambdaClient(config);
  const codeDeploy = new CodeDeployClient(config);
  const cloudWatch = new CloudWatchClient(config);
  const apiGateway = new APIGatewayClient(config);
  const apiGatewayV2 = new ApiGatewayV2Client(config);
  const iam = new IAMClient(config);
  // StartSyncExecution's `sync-` host prefix would not resolve for a local endpoint.
  const sfn = new SFNClient({ ...config, disableHostPrefix: true });
  return {
    iam,
    lambda,
    codeDeploy,
    cloudWatch,
    apiGateway,
    apiGatewayV2,
    sfn,
    destroy() {
      lambda.destroy();
      codeDeploy.destroy();
      cloudWatch.destroy();
      apiGateway.destroy();
      apiGatewayV2.destroy();
      iam.destroy();
      sfn.destroy();
    },
  };
}

export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly type: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A SigV4-signed JSON request to gradual: its own `/_gradual/v1/` routes (service `gradual`), or
 * AWS services the SDK clients here do not cover (CloudWatch Logs).
 */
export async function signedJson(
  connection: Connection,
  request: { service: string; method: string; path: string; body?: string; headers?: Record<string, string> },
): Promise<unknown> {
  const url = new URL(request.path, connection.endpoint);
  const signer = new SignatureV4({
    credentials: connection.credentials,
    region: connection.region,
    service: request.service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: { host: url.host, ...request.headers },
    body: request.body ?? '',
  });
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(url, { method: request.method, headers, body: request.body });
  const text = await response.text();
  if (!response.ok) {
    let error: { message?: string; Message?: string; __type?: string } = {};
    try {
      error = JSON.parse(text) as typeof error;
    } catch {
      // not JSON: report the status
    }
    throw new RequestFailed(
      response.status,
      response.headers.get('x-amzn-errortype') ?? error.__type,
      error.message ?? error.Message ?? (text || `HTTP ${response.status}`),
    );
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

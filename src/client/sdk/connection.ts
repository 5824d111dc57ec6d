import type * as Iam from '@aws-sdk/client-iam';
import type * as ApiGateway from '@aws-sdk/client-api-gateway';
import type * as ApiGatewayV2 from '@aws-sdk/client-apigatewayv2';
import type * as CloudWatch from '@aws-sdk/client-cloudwatch';
import type * as CodeDeploy from '@aws-sdk/client-codedeploy';
import type * as Lambda from '@aws-sdk/client-lambda';
import type * as Sfn from '@aws-sdk/client-sfn';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DEFAULT_SERVER_ADDRESS } from '../../contracts/default-address.js';
import { runningServerAddress } from '../../contracts/server-address.js';

export { RequestFailed, signedJson } from './aws-json.js';

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
export interface SdkClients {
  lambda: Lambda.LambdaClient;
  codeDeploy: CodeDeploy.CodeDeployClient;
  cloudWatch: CloudWatch.CloudWatchClient;
  apiGateway: ApiGateway.APIGatewayClient;
  apiGatewayV2: ApiGatewayV2.ApiGatewayV2Client;
  iam: Iam.IAMClient;
  sfn: Sfn.SFNClient;
  destroy(): void;
}

// The SDK's packages are CommonJS: required, they are the very modules an `import` of them gets.
const require = createRequire(import.meta.url);
const sdk = <M>(name: string): M => require(name) as M;

type Clients = Omit<SdkClients, 'destroy'>;

function makers(config: ReturnType<typeof clientConfig>): { [K in keyof Clients]: () => Clients[K] } {
  return {
    lambda: () => new (sdk<typeof Lambda>('@aws-sdk/client-lambda').LambdaClient)(config),
    codeDeploy: () => new (sdk<typeof CodeDeploy>('@aws-sdk/client-codedeploy').CodeDeployClient)(config),
    cloudWatch: () => new (sdk<typeof CloudWatch>('@aws-sdk/client-cloudwatch').CloudWatchClient)(config),
    apiGateway: () => new (sdk<typeof ApiGateway>('@aws-sdk/client-api-gateway').APIGatewayClient)(config),
    apiGatewayV2: () =>
      new (sdk<typeof ApiGatewayV2>('@aws-sdk/client-apigatewayv2').ApiGatewayV2Client)(config),
    iam: () => new (sdk<typeof Iam>('@aws-sdk/client-iam').IAMClient)(config),
    // StartSyncExecution's `sync-` host prefix would not resolve for a local endpoint.
    sfn: () => new (sdk<typeof Sfn>('@aws-sdk/client-sfn').SFNClient)({ ...config, disableHostPrefix: true }),
  };
}

/**
 * The clients, each made (and its package loaded) when first used: a command that talks to
 * Lambda alone loads no IAM, API Gateway or Step Functions client.
 */
export function sdkClients(connection: Connection): SdkClients {
  // Typed by what `made` keeps: a union of the clients' own types would cost the checker seconds.
  const make: Record<keyof Clients, () => { destroy(): void }> = makers(clientConfig(connection));
  const made = new Map<keyof Clients, { destroy(): void }>();
  // Getters over `made`, defined below: the object has every client once they are.
  const clients = {
    destroy() {
      for (const client of made.values()) client.destroy();
    },
  } as SdkClients;
  for (const key of Object.keys(make) as (keyof Clients)[])
    Object.defineProperty(clients, key, {
      enumerable: true,
      get: () => made.get(key) ?? made.set(key, make[key]()).get(key),
    });
  return clients;
}

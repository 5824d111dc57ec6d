import type * as ApiGateway from '@aws-sdk/client-api-gateway';
import type * as ApiGatewayV2 from '@aws-sdk/client-apigatewayv2';
import type * as CloudWatch from '@aws-sdk/client-cloudwatch';
import type * as CodeDeploy from '@aws-sdk/client-codedeploy';
import type * as Iam from '@aws-sdk/client-iam';
import type * as Lambda from '@aws-sdk/client-lambda';
import type * as S3 from '@aws-sdk/client-s3';
import type * as Sfn from '@aws-sdk/client-sfn';
import { createRequire } from 'node:module';

/**
 * CloudFormation reaches the other services as it does on AWS: through their public APIs, here
 * with the AWS SDK clients on this server's own port, signed as the principal an operation acts
 * as (by-actor.ts). Each call then gets the very validation, authorization and errors that
 * principal's own call would.
 */
export interface ServiceClients {
  lambda: Lambda.LambdaClient;
  codedeploy: CodeDeploy.CodeDeployClient;
  cloudwatch: CloudWatch.CloudWatchClient;
  iam: Iam.IAMClient;
  sfn: Sfn.SFNClient;
  s3: S3.S3Client;
  apigateway: ApiGateway.APIGatewayClient;
  apigatewayv2: ApiGatewayV2.ApiGatewayV2Client;
}

export interface ClientConfig {
  /** The server's URL, known once it listens. */
  endpoint: () => string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Where a service's error came from, as CloudFormation's resource handlers name it ("Service: Lambda"). */
export const SERVICE_OF_ERROR = Symbol('service');

type Next = (args: unknown) => Promise<unknown>;
interface AnyStack {
  add(middleware: (next: Next) => Next, options: { step: 'initialize'; name: string }): void;
}

/** Marks errors from `client` with the service's name (the error alone does not say). */
function named<C extends { middlewareStack: object }>(client: C, service: string): C {
  // Every client's stack takes this middleware; their types differ only in the inputs they carry.
  (client.middlewareStack as unknown as AnyStack).add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error) Object.assign(error, { [SERVICE_OF_ERROR]: service });
        throw error;
      }
    },
    { step: 'initialize', name: 'gradualServiceName' },
  );
  return client;
}

// The SDK's packages are CommonJS: required, they are the very modules the providers' imports get.
const require = createRequire(import.meta.url);

export function serviceClients(config: ClientConfig): ServiceClients & { destroy(): void } {
  let made: ServiceClients | undefined;
  const get = (): ServiceClients => {
    if (made) return made;
    const options = {
      endpoint: config.endpoint(),
      region: config.region,
      credentials: config.credentials,
      maxAttempts: 3,
    };
    // Required when first used (the providers that call them are loaded then too).
    const { LambdaClient } = require('@aws-sdk/client-lambda') as typeof Lambda;
    const { CodeDeployClient } = require('@aws-sdk/client-codedeploy') as typeof CodeDeploy;
    const { CloudWatchClient } = require('@aws-sdk/client-cloudwatch') as typeof CloudWatch;
    const { IAMClient } = require('@aws-sdk/client-iam') as typeof Iam;
    const { SFNClient } = require('@aws-sdk/client-sfn') as typeof Sfn;
    const { S3Client } = require('@aws-sdk/client-s3') as typeof S3;
    const { APIGatewayClient } = require('@aws-sdk/client-api-gateway') as typeof ApiGateway;
    const { ApiGatewayV2Client } = require('@aws-sdk/client-apigatewayv2') as typeof ApiGatewayV2;
    made = {
      lambda: named(new LambdaClient(options), 'Lambda'),
      codedeploy: named(new CodeDeployClient(options), 'CodeDeploy'),
      cloudwatch: named(new CloudWatchClient(options), 'CloudWatch'),
      iam: named(new IAMClient(options), 'Iam'),
      // StartSyncExecution's `sync-` host prefix would not resolve on this server's address.
      sfn: named(new SFNClient({ ...options, disableHostPrefix: true }), 'Sfn'),
      // Buckets by path on this server's address (no bucket subdomains to resolve).
      s3: named(new S3Client({ ...options, forcePathStyle: true }), 'S3'),
      apigateway: named(new APIGatewayClient(options), 'ApiGateway'),
      apigatewayv2: named(new ApiGatewayV2Client(options), 'ApiGatewayV2'),
    };
    return made;
  };
  return {
    get lambda() {
      return get().lambda;
    },
    get codedeploy() {
      return get().codedeploy;
    },
    get cloudwatch() {
      return get().cloudwatch;
    },
    get iam() {
      return get().iam;
    },
    get sfn() {
      return get().sfn;
    },
    get s3() {
      return get().s3;
    },
    get apigateway() {
      return get().apigateway;
    },
    get apigatewayv2() {
      return get().apigatewayv2;
    },
    destroy() {
      made?.lambda.destroy();
      made?.codedeploy.destroy();
      made?.cloudwatch.destroy();
      made?.iam.destroy();
      made?.sfn.destroy();
      made?.s3.destroy();
      made?.apigateway.destroy();
      made?.apigatewayv2.destroy();
    },
  };
}

import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';

/**
 * CloudFormation reaches the other services as it does on AWS: through their public APIs, here
 * with the AWS SDK clients on this server's own port, signed as the principal an operation acts
 * as (by-actor.ts). Each call then gets the very validation, authorization and errors that
 * principal's own call would.
 */
export interface ServiceClients {
  lambda: LambdaClient;
  codedeploy: CodeDeployClient;
  cloudwatch: CloudWatchClient;
  iam: IAMClient;
  sfn: SFNClient;
  s3: S3Client;
  apigateway: APIGatewayClient;
  apigatewayv2: ApiGatewayV2Client;
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

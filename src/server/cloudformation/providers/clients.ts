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
 * with the AWS SDK clients on this server's own port, signed with the operator's keys (AWS's
 * CloudFormation acts with its caller's permissions). Each call then gets the very validation and
 * errors a user's call would.
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
      lambda: new LambdaClient(options),
      codedeploy: new CodeDeployClient(options),
      cloudwatch: new CloudWatchClient(options),
      iam: new IAMClient(options),
      // StartSyncExecution's `sync-` host prefix would not resolve on this server's address.
      sfn: new SFNClient({ ...options, disableHostPrefix: true }),
      // Buckets by path on this server's address (no bucket subdomains to resolve).
      s3: new S3Client({ ...options, forcePathStyle: true }),
      apigateway: new APIGatewayClient(options),
      apigatewayv2: new ApiGatewayV2Client(options),
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

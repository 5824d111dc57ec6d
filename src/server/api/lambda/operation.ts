import { InvalidParameterValueException } from '../../functions/errors.js';
import type { Clock } from '../../../common/clock.js';
import type { Log } from '../../../common/log.js';
import type { AsyncQueue } from '../../invoke/async-queue.js';
import type { Invoker } from '../../invoke/invoker.js';
import type { WarmKeeper } from '../../invoke/warm-keeper.js';
import type { Permissions } from '../../functions/permissions.js';
import type { FunctionUrls } from '../../functions/function-urls.js';
import type { EventInvokeConfigs } from '../../functions/event-invoke-configs.js';
import type { Registry } from '../../functions/registry.js';
import type { CodeUrlSigner } from '../code-url.js';
import type { S3Reader } from './code-input.js';

/** A Lambda REST-JSON request after routing: decoded path parameters, query and raw body. */
export interface LambdaRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: Buffer;
  header(name: string): string | undefined;
  /** `http://host:port` as the client addressed this server. */
  baseUrl: string;
  /** The `x-amzn-RequestId` this request is answered with (Invoke's `awsRequestId` too). */
  requestId: string;
}

export interface LambdaResponse {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as they are, instead of `body` (Invoke's payload). */
  raw?: Uint8Array;
  headers?: Record<string, string>;
}

/** Running functions: what Invoke and the provisioned concurrency operations use. */
export interface InvokeServices {
  invoker: Invoker;
  asyncQueue: AsyncQueue;
  warmKeeper: WarmKeeper;
}

/** Execution roles as Lambda checks them: the role exists and trusts lambda.amazonaws.com. */
export interface ExecutionRoles {
  lambdaMayAssume(roleArn: string): Promise<boolean>;
}

/** Lambda's answer to a role it cannot assume (CreateFunction, UpdateFunctionConfiguration). */
export async function requireAssumableRole(
  roles: ExecutionRoles,
  roleArn: string | undefined,
): Promise<void> {
  if (roleArn === undefined || (await roles.lambdaMayAssume(roleArn))) return;
  throw new InvalidParameterValueException('The role defined for the function cannot be assumed by Lambda.');
}

export interface LambdaDeps {
  registry: Registry;
  /** Resource-based policies (AddPermission). */
  permissions: Permissions;
  /** IAM's roles, to check the execution role a function is given. */
  roles: ExecutionRoles;
  codeUrls: CodeUrlSigner;
  invoke: InvokeServices;
  functionUrls: FunctionUrls;
  /** Asynchronous invocation settings (PutFunctionEventInvokeConfig). */
  eventInvokeConfigs: EventInvokeConfigs;
  clock: Clock;
  log: Log;
  /** `Code.S3Bucket` / `S3Key`: packages uploaded to gradual's S3 (`aws cloudformation package`). */
  readS3?: S3Reader;
}

export interface Operation {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Route pattern with `:Param` placeholders named as in the AWS model. */
  path: string;
  handle(request: LambdaRequest, deps: LambdaDeps): Promise<LambdaResponse>;
}

export const noContent: LambdaResponse = { status: 204 };

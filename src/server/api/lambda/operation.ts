import { z } from 'zod';
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
import type { RestOperation } from '../rest-operation.js';
import type { S3Reader } from './code-input.js';

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

export type LambdaOperation = RestOperation<LambdaDeps>;

/** The function a path names (`:FunctionName`, a name, partial ARN or ARN). */
export const functionLabel = { FunctionName: z.string() };

/** The function and `?Qualifier=`. */
export const qualified = { ...functionLabel, Qualifier: z.string().optional() };
export const QUALIFIER_QUERY = { Qualifier: 'Qualifier' } as const;

/** List operations' `?Marker=` and `?MaxItems=` (checked by paging.ts, in Lambda's words). */
export const listMembers = { Marker: z.string().optional(), MaxItems: z.string().optional() };
export const LIST_QUERY = { Marker: 'Marker', MaxItems: 'MaxItems' } as const;

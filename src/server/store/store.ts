import type { AlarmStore } from '../metrics/alarms/store.js';
import type { IamStore } from '../iam/iam-store.js';
import type { HttpApiStore } from '../apigateway/http/store.js';
import type { RestApiStore } from '../apigateway/rest/store.js';
import type { DeployStore } from '../deployments/store.js';
import type { FunctionStore, FunctionUrlStore, ProvisionedConcurrencyStore } from '../functions/store.js';
import type { PolicyStore } from '../functions/policy-store.js';
import type { EventInvokeConfigStore } from '../functions/event-invoke-store.js';
import type { AsyncInvocationStore } from '../invoke/store.js';
import type { MetricStore } from '../metrics/store.js';
import type { S3Store } from '../s3/store.js';
import type { CfnStore } from '../cloudformation/store.js';
import type { StatesStore } from '../states/store.js';

/**
 * The durable state of gradual, behind one interface. Each domain owns the interface of its part (its
 * port); store/sqlite implements them all.
 *
 * Writes follow one pattern: the caller passes a pure, synchronous `decide` function that sees the
 * current state and returns the changes to make. The store runs it inside a transaction holding
 * the write lock and applies its changes atomically, so a decision never acts on stale state and
 * a crash never leaves half of one behind.
 */
export interface Store {
  readonly functions: FunctionStore;
  readonly deploy: DeployStore;
  readonly provisioned: ProvisionedConcurrencyStore;
  readonly asyncInvocations: AsyncInvocationStore;
  readonly metrics: MetricStore;
  readonly alarms: AlarmStore;
  /** API Gateway REST APIs, their resources, deployments and stages. */
  readonly restApis: RestApiStore;
  /** API Gateway HTTP APIs (apigatewayv2): routes, integrations, AutoDeploy stages. */
  readonly httpApis: HttpApiStore;
  /** Lambda resource-based policies (AddPermission). */
  readonly policies: PolicyStore;
  readonly functionUrls: FunctionUrlStore;
  /** Asynchronous invocation settings (PutFunctionEventInvokeConfig). */
  readonly eventInvokeConfigs: EventInvokeConfigStore;
  /** Step Functions: state machines, executions and their history. */
  readonly states: StatesStore;
  /** S3: buckets, objects (their bytes are blobs by content hash), multipart uploads. */
  readonly s3: S3Store;
  /** CloudFormation: stacks (their operation in progress inside), events, change sets. */
  readonly cloudformation: CfnStore;
  /** IAM roles and policies (the execution roles functions run as). */
  readonly iam: IamStore;
  close(): Promise<void>;
}

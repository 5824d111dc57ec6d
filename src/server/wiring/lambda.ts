import { CodeUrlSigner } from '../api/code-url.js';
import type { LambdaDeps } from '../api/lambda/operation.js';
import type { CodeStore } from '../artifacts/code-store.js';
import { every } from '../cluster/leases.js';
import type { DiskSpace } from '../capacity/disk-space.js';
import { FunctionUrls } from '../functions/function-urls.js';
import { Permissions } from '../functions/permissions.js';
import { Registry } from '../functions/registry.js';
import type { IamService } from '../iam/iam-service.js';
import type { Buckets } from '../s3/buckets.js';
import type { FunctionRuntime } from './function-runtime.js';
import type { ServerOptions } from './server-options.js';
import type { ServiceBase, Takeover } from './service-base.js';

/** Lambda's functions, versions and aliases, recovered from the store. */
export async function startRegistry(
  input: ServiceBase & { options: ServerOptions; code: CodeStore; space: DiskSpace; takeover: Takeover },
): Promise<Registry> {
  const { store, code, space, random, log, account } = input;
  const registry = new Registry(
    { store, code, space, clock: input.time.clock, random, log, account },
    { accountConcurrency: input.options.maxConcurrency },
  );
  await registry.recover();
  // Work it began (a package unpacked, a version published) ends before the store closes.
  input.teardown.defer('function registry', () => registry.idle());
  settleStrandedEvery(registry, input);
  return registry;
}

/** In a cluster, what a node died before settling is settled by another (see Registry.settleStranded). */
function settleStrandedEvery(registry: Registry, input: ServiceBase & { takeover: Takeover }): void {
  const { takeover } = input;
  if (!takeover) return;
  const stop = every(takeover.wallClock, takeover.scanEveryMs, () => registry.settleStranded());
  input.teardown.defer('stranded function settles', () => stop());
}

/** Lambda's control plane: what its API operations (and the fast invoke path) use. */
export async function lambdaControl(
  input: ServiceBase & {
    registry: Registry;
    runtime: FunctionRuntime;
    iam: IamService;
    buckets: Buckets;
    gatewayPort: number;
  },
): Promise<{ lambda: LambdaDeps; functionUrls: FunctionUrls; permissions: Permissions }> {
  const { registry, runtime, store, random, log, account, buckets } = input;
  const { clock } = input.time;
  const functionUrls = new FunctionUrls({
    store: store.functionUrls,
    registry,
    clock,
    random,
    account,
    log,
    gatewayPort: input.gatewayPort,
  });
  await functionUrls.start();
  input.teardown.defer('function URLs', () => functionUrls.close());
  const permissions = new Permissions({ store: store.policies, registry });
  const lambda: LambdaDeps = {
    roles: input.iam,
    registry,
    permissions,
    codeUrls: new CodeUrlSigner(),
    invoke: { invoker: runtime.invoker, asyncQueue: runtime.asyncQueue, warmKeeper: runtime.warmKeeper },
    functionUrls,
    eventInvokeConfigs: runtime.eventInvokeConfigs,
    clock,
    log,
    readS3: (bucket, key) => buckets.readObject(bucket, key),
  };
  return { lambda, functionUrls, permissions };
}

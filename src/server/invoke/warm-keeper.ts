import type { Clock } from '../../common/clock.js';
import { ValidationException } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import {
  functionNotFound,
  InvalidParameterValueException,
  ProvisionedConcurrencyConfigNotFoundException,
  ResourceConflictException,
} from '../functions/errors.js';
import type { FunctionAggregate } from '../functions/model.js';
import { constraintMessage, functionArn, isVersionNumber, LATEST, type Account } from '../functions/names.js';
import type { Pool } from '../runtime/pool.js';
import type { ProvisionedConcurrencyRecord, ProvisionedConcurrencyStore } from '../functions/store.js';
import type { CodeStore } from '../artifacts/code-store.js';
import type { FunctionCache } from './function-cache.js';
import {
  checkStored,
  existingQualifier,
  provisionedQualifier,
  provisionInSteps,
  refusalWithin,
} from './provisioning.js';
import { parseKey, poolTarget, type Unpacker } from './targets.js';
import { provisionedAllocation, routedVersions, shares, shouldRetire } from './warmth-rules.js';

export interface ProvisionedView {
  record: ProvisionedConcurrencyRecord;
  allocated: number;
  status: 'IN_PROGRESS' | 'READY' | 'FAILED';
  reason: string | undefined;
}

export interface WarmKeeperDeps {
  store: ProvisionedConcurrencyStore;
  cache: FunctionCache;
  pool: Pool;
  code: Pick<CodeStore, 'unpackedPath'>;
  unpacker: Unpacker;
  clock: Clock;
  log: Log;
  account: Account;
  /** The account's concurrency limit (`--max-concurrency`): what provisioned concurrency may take. */
  accountConcurrency: number;
}

const keyOf = (functionName: string, qualifier: string): string => `${functionName}:${qualifier}`;

/**
 * Keeps the right environments warm: provisioned concurrency configurations (persisted, mapped
 * onto pinned environments of the versions they cover), on-request prewarming (the deployment
 * engine warms a version before shifting traffic to it), and the retiring of environments whose
 * version nothing routes to any more.
 */
export class WarmKeeper {
  /** Per function: version -> pinned environments, as last applied. */
  private readonly applied = new Map<string, Map<string, number>>();
  /** Per configuration (`function:qualifier`): why it is FAILED. */
  private readonly failures = new Map<string, string>();
  /** Stored configurations the account's limits do not allow now: kept, reported, not applied. */
  private readonly refused = new Set<string>();
  /** Per function: the latest reconcile; an older one still starting environments stops. */
  private readonly generations = new Map<string, number>();
  private closed = false;

  constructor(private readonly deps: WarmKeeperDeps) {
    deps.cache.onChange((name, agg, before) => void this.changed(name, agg, before));
  }

  /**
   * Applies the stored configurations (after a restart) in the background: each is checked as if
   * it were put now, so one stored under other limits (or before limits were checked) is reported
   * FAILED with the reason instead of being applied, and no configuration can stop the server
   * from starting.
   */
  async start(): Promise<void> {
    const { accepted, refused } = await checkStored(this.deps, await this.deps.store.list());
    for (const { record, reason } of refused) {
      const key = keyOf(record.functionName, record.qualifier);
      this.refused.add(key);
      this.failures.set(key, reason);
      this.deps.log.warn('a stored provisioned concurrency configuration is not applied', {
        function: record.functionName,
        qualifier: record.qualifier,
        requested: record.requested,
        reason,
      });
    }
    for (const name of new Set(accepted.map((r) => r.functionName))) this.reconcileLater(name);
  }

  /** Another node changed the function's provisioned concurrency: this node follows it. */
  changedElsewhere(functionName: string): void {
    this.reconcileLater(functionName);
  }

  /** Stops starting environments (shutdown: the pool is about to close). */
  close(): void {
    this.closed = true;
  }

  async put(
    functionName: string,
    qualifier: string | undefined,
    requested: number,
  ): Promise<ProvisionedView> {
    const q = provisionedQualifier(
      qualifier,
      'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
    );
    if (!Number.isInteger(requested) || requested < 1) {
      throw new ValidationException(
        constraintMessage(
          String(requested),
          'provisionedConcurrentExecutions',
          'Member must have value greater than or equal to 1',
        ),
      );
    }
    const agg = await existingQualifier(this.deps, functionName, q);
    const others = (await this.deps.store.list(functionName)).filter((r) => r.qualifier !== q);
    if (isVersionNumber(q)) {
      const pointing = [...agg.aliases.values()].some(
        (a) => a.functionVersion === q && others.some((r) => r.qualifier === a.name),
      );
      if (pointing)
        throw new ResourceConflictException('Version is pointed by a Provisioned Concurrency alias');
    } else {
      const version = agg.aliases.get(q)!.functionVersion;
      if (others.some((r) => r.qualifier === version)) {
        throw new ResourceConflictException(
          "Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version",
        );
      }
    }
    const applied = (await this.deps.store.list()).filter(
      (r) => !this.refused.has(keyOf(r.functionName, r.qualifier)),
    );
    const refusal = await refusalWithin(this.deps, agg, q, requested, applied);
    if (refusal) throw new InvalidParameterValueException(refusal);
    const record = { functionName, qualifier: q, requested, lastModified: this.deps.clock.now() };
    await this.deps.store.put(record);
    this.forget(keyOf(functionName, q));
    this.reconcileLater(functionName);
    return { record, allocated: 0, status: 'IN_PROGRESS', reason: undefined };
  }

  async get(functionName: string, qualifier: string | undefined): Promise<ProvisionedView> {
    const q = provisionedQualifier(
      qualifier,
      'The function resource provided must be an alias or a published version.',
    );
    const agg = await existingQualifier(this.deps, functionName, q);
    const record = (await this.deps.store.list(functionName)).find((r) => r.qualifier === q);
    if (!record) {
      throw new ProvisionedConcurrencyConfigNotFoundException(
        'No Provisioned Concurrency Config found for this function',
      );
    }
    return this.view(agg, record);
  }

  async list(functionName: string): Promise<ProvisionedView[]> {
    const agg = await this.deps.cache.get(functionName);
    if (!agg) throw functionNotFound(functionArn(this.deps.account, functionName));
    return (await this.deps.store.list(functionName)).map((r) => this.view(agg, r));
  }

  async delete(functionName: string, qualifier: string | undefined): Promise<void> {
    const q = provisionedQualifier(
      qualifier,
      'The function resource provided must be an alias or a published version.',
    );
    await existingQualifier(this.deps, functionName, q);
    await this.deps.store.delete(functionName, q);
    this.forget(keyOf(functionName, q));
    await this.reconcile(functionName);
  }

  /**
   * Starts `count` environments of what `qualifier` resolves to now (an alias: its primary
   * version), for the deployment engine to warm a version before it takes traffic. Resolves with
   * the number that started.
   */
  async prewarm(functionName: string, qualifier: string, count: number): Promise<number> {
    const agg = await this.deps.cache.get(functionName);
    if (!agg) throw functionNotFound(functionArn(this.deps.account, functionName, qualifier));
    const version = agg.aliases.get(qualifier)?.functionVersion ?? qualifier;
    const config = version === LATEST ? agg.fn.latest : agg.versions.get(Number(version))?.config;
    if (!config) throw functionNotFound(functionArn(this.deps.account, functionName, qualifier));
    await this.deps.unpacker.ensure(config.code.sha256Hex);
    return this.deps.pool.prewarm(poolTarget(functionName, version, config, this.deps.code), count);
  }

  private forget(key: string): void {
    this.failures.delete(key);
    this.refused.delete(key);
  }

  private view(agg: FunctionAggregate, record: ProvisionedConcurrencyRecord): ProvisionedView {
    const key = keyOf(record.functionName, record.qualifier);
    // Refused by the limits, it is never applied: environments of its version belong to another
    // configuration (the version's own), so it holds none of them.
    if (this.refused.has(key))
      return { record, allocated: 0, status: 'FAILED', reason: this.failures.get(key) };
    let ready = 0;
    for (const [version] of shares(agg, record)) {
      const config = version === LATEST ? agg.fn.latest : agg.versions.get(Number(version))?.config;
      if (config)
        ready += this.deps.pool.provisioned(poolTarget(agg.fn.name, version, config, this.deps.code).key);
    }
    const allocated = Math.min(ready, record.requested);
    const failure = this.failures.get(key);
    const status = allocated >= record.requested ? 'READY' : failure ? 'FAILED' : 'IN_PROGRESS';
    return { record, allocated, status, reason: status === 'FAILED' ? failure : undefined };
  }

  /** A reconcile nobody waits for: its errors are logged, not left unhandled. */
  private reconcileLater(functionName: string): void {
    this.reconcile(functionName).catch((error: unknown) =>
      this.deps.log.error('provisioned concurrency could not be applied', {
        function: functionName,
        error: String(error),
      }),
    );
  }

  /** Pins as many environments per version as the function's configurations ask for. */
  private async reconcile(functionName: string): Promise<void> {
    const generation = (this.generations.get(functionName) ?? 0) + 1;
    this.generations.set(functionName, generation);
    const current = (): boolean => !this.closed && this.generations.get(functionName) === generation;
    const agg = await this.deps.cache.get(functionName);
    const stored = agg ? await this.deps.store.list(functionName) : [];
    const records = stored.filter((r) => !this.refused.has(keyOf(functionName, r.qualifier)));
    const wanted = agg ? provisionedAllocation(agg, records) : new Map<string, number>();
    const before = this.applied.get(functionName) ?? new Map<string, number>();
    if (!agg) {
      this.applied.delete(functionName);
      this.generations.delete(functionName);
      for (const key of [...this.failures.keys()]) if (key.startsWith(`${functionName}:`)) this.forget(key);
      return;
    }
    this.applied.set(functionName, wanted);
    const versions = new Set([...before.keys(), ...wanted.keys()]);
    await Promise.all(
      [...versions].map(async (version) => {
        const config = version === LATEST ? agg.fn.latest : agg.versions.get(Number(version))?.config;
        if (!config) return;
        const count = wanted.get(version) ?? 0;
        try {
          await this.deps.unpacker.ensure(config.code.sha256Hex);
          const target = poolTarget(functionName, version, config, this.deps.code);
          const ready = await provisionInSteps(this.deps.pool, target, count, current);
          if (ready < count && current())
            this.failed(functionName, records, version, 'FUNCTION_ERROR_INIT_FAILURE');
        } catch (error) {
          this.failed(functionName, records, version, String(error));
        }
      }),
    );
  }

  private failed(
    functionName: string,
    records: ProvisionedConcurrencyRecord[],
    version: string,
    reason: string,
  ): void {
    this.deps.log.warn('provisioned concurrency could not start every environment', {
      function: functionName,
      version,
      reason,
    });
    for (const r of records) {
      if (r.qualifier === version || this.applied.get(functionName)?.has(version)) {
        this.failures.set(keyOf(functionName, r.qualifier), reason);
      }
    }
  }

  private async changed(
    name: string,
    agg: FunctionAggregate | undefined,
    before: FunctionAggregate | undefined,
  ): Promise<void> {
    const routedNow = agg ? routedVersions(agg) : new Set<string>();
    const routedBefore = before ? routedVersions(before) : routedNow;
    if (!agg) {
      for (const record of await this.deps.store.list(name))
        await this.deps.store.delete(name, record.qualifier);
    }
    await this.reconcile(name);
    const provisioned = new Set(this.applied.get(name)?.keys() ?? []);
    for (const key of this.deps.pool.keys()) {
      const { functionName, version, revisionId } = parseKey(key);
      if (functionName !== name) continue;
      if (shouldRetire({ agg, version, revisionId, routedBefore, routedNow, provisioned })) {
        this.deps.pool.retire(key);
      }
    }
  }
}

import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { CodeStore } from '../artifacts/code-store.js';
import { InvalidZipError, summarizeZip } from '../artifacts/zip-reader.js';
import type { AccountUsage, ConfigCursor, Decide, FunctionStore, ListedConfig } from './store.js';
import { droppedCode, storePinned, type SpaceGuard } from './code-packages.js';
import { decideCreateAlias, decideDeleteAlias, decideUpdateAlias, type AliasInput } from './alias-rules.js';
import { decideDeleteConcurrency, decidePutConcurrency } from './concurrency-rules.js';
import { validateCodeSize, ZIP_LIMIT_BYTES, type ConfigSettings } from './config-rules.js';
import type { DecisionContext } from './context.js';
import { InvalidParameterValueException, RequestEntityTooLargeException } from './errors.js';
import {
  decideCreate,
  decideDelete,
  decideSettle,
  decideUpdateCode,
  decideUpdateConfiguration,
  type ConfigResult,
  type CreateFunctionInput,
  type SettleOutcome,
} from './function-rules.js';
import type { AliasRecord, CodeRef, FunctionAggregate, VersionRecord } from './model.js';
import type { Account } from './names.js';
import { resolveQualifier, type Resolved } from './resolve.js';
import { decideTag, decideUntag } from './tag-rules.js';
import { decidePublish } from './version-rules.js';

export interface RegistryDeps {
  store: { functions: FunctionStore };
  code: CodeStore;
  space?: SpaceGuard;
  clock: Clock;
  random: Random;
  log: Log;
  account: Account;
}

export interface RegistryOptions {
  /** The account's concurrency limit, which reserved concurrency is carved out of. */
  accountConcurrency: number;
}

/** Listeners hear the name of every function whose stored state changed. */
export type ChangeListener = (functionName: string) => void;

/**
 * Lambda's model of functions, versions and aliases: the rules are pure decisions (the *-rules
 * modules); this class supplies them with time and ids, runs them in store transactions, and
 * prepares code packages.
 */
export class Registry {
  private readonly listeners = new Set<ChangeListener>();
  private readonly settling = new Set<Promise<void>>();
  /** What `settleStranded` found unsettled at its last call. */
  private seenUnsettled = new Set<string>();

  constructor(
    private readonly deps: RegistryDeps,
    readonly options: RegistryOptions,
  ) {}

  get account(): Account {
    return this.deps.account;
  }

  context(): DecisionContext {
    return {
      account: this.deps.account,
      now: this.deps.clock.now(),
      newRevisionId: () => this.deps.random.uuid(),
    };
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Another node changed the function (its configuration, versions, aliases, URLs or policies):
   * whoever holds it in memory hears it as if the change were made here.
   */
  changedElsewhere(name: string): void {
    for (const listener of this.listeners) listener(name);
  }

  load(name: string): Promise<FunctionAggregate | undefined> {
    return this.deps.store.functions.load(name);
  }

  listConfigs(options: {
    after?: ConfigCursor | undefined;
    limit: number;
    allVersions: boolean;
  }): Promise<ListedConfig[]> {
    const { after, ...rest } = options;
    return this.deps.store.functions.listConfigs(after ? { after, ...rest } : rest);
  }

  /** A stored code package (the zip as uploaded). */
  readCode(sha256Hex: string): Promise<Buffer> {
    return this.deps.code.read(sha256Hex);
  }

  usage(): Promise<AccountUsage> {
    return this.deps.store.functions.usage();
  }

  /** The sum of every function's reserved concurrency. */
  reservedConcurrency(): Promise<number> {
    return this.deps.store.functions.reservedConcurrency();
  }

  async resolve(name: string, qualifier: string | undefined): Promise<Resolved> {
    return resolveQualifier(await this.load(name), name, qualifier, this.context());
  }

  async createFunction(input: Omit<CreateFunctionInput, 'code'> & { zip: Buffer }): Promise<ConfigResult> {
    const code = await this.prepareCode(input.zip);
    const result = await this.withCode(code, () =>
      this.transact(input.name, (cur) => decideCreate(cur, { ...input, code }, this.context())),
    );
    void this.settleSoon(input.name);
    return result;
  }

  async updateFunctionCode(input: {
    name: string;
    zip: Buffer;
    publish: boolean;
    revisionId: string | undefined;
  }): Promise<ConfigResult> {
    const code = await this.prepareCode(input.zip);
    const result = await this.withCode(code, () =>
      this.transact(input.name, (cur) => decideUpdateCode(cur, { ...input, code }, this.context())),
    );
    void this.settleSoon(input.name);
    return result;
  }

  async updateFunctionConfiguration(input: {
    name: string;
    settings: Partial<ConfigSettings>;
    revisionId: string | undefined;
  }): Promise<ConfigResult> {
    const result = await this.transact(input.name, (cur) =>
      decideUpdateConfiguration(cur, input, this.context()),
    );
    void this.settleSoon(input.name);
    return result;
  }

  deleteFunction(name: string, qualifier: string | undefined): Promise<undefined> {
    return this.transact(name, (cur) => decideDelete(cur, { name, qualifier }, this.context()));
  }

  publishVersion(input: {
    name: string;
    codeSha256: string | undefined;
    description: string | undefined;
    revisionId: string | undefined;
  }): Promise<VersionRecord> {
    return this.transact(input.name, (cur) => decidePublish(cur, input, this.context()));
  }

  createAlias(input: AliasInput & { functionVersion: string }): Promise<AliasRecord> {
    return this.transact(input.functionName, (cur) => decideCreateAlias(cur, input, this.context()));
  }

  updateAlias(input: AliasInput & { revisionId: string | undefined }): Promise<AliasRecord> {
    return this.transact(input.functionName, (cur) => decideUpdateAlias(cur, input, this.context()));
  }

  deleteAlias(functionName: string, name: string): Promise<undefined> {
    return this.transact(functionName, (cur) =>
      decideDeleteAlias(cur, { functionName, name }, this.context()),
    );
  }

  putConcurrency(name: string, reserved: number): Promise<number> {
    return this.transact(name, (cur, totals) =>
      decidePutConcurrency(
        cur,
        totals,
        { name, reserved, accountLimit: this.options.accountConcurrency },
        this.context(),
      ),
    );
  }

  deleteConcurrency(name: string): Promise<undefined> {
    return this.transact(name, (cur) => decideDeleteConcurrency(cur, { name }, this.context()));
  }

  tag(name: string, tags: Record<string, string>): Promise<undefined> {
    return this.transact(name, (cur) => decideTag(cur, { name, tags }, this.context()));
  }

  untag(name: string, keys: readonly string[]): Promise<undefined> {
    return this.transact(name, (cur) => decideUntag(cur, { name, keys }, this.context()));
  }

  /**
   * In a cluster, the node that accepted a create or code update settles it; if that node dies
   * first, the function would stay `Pending` / `InProgress` and refuse every later update. Each
   * node calls this periodically and settles what was unsettled at its previous call too (a
   * settle is one idempotent transaction, so a late double settle changes nothing).
   */
  async settleStranded(): Promise<void> {
    const unsettled = new Set(await this.deps.store.functions.listUnsettled());
    const stranded = [...unsettled].filter((name) => this.seenUnsettled.has(name));
    this.seenUnsettled = unsettled;
    for (const name of stranded) await this.settleSoon(name);
  }

  /** Finishes creates and updates a crash interrupted, and drops code nothing refers to. */
  async recover(): Promise<void> {
    for (const name of await this.deps.store.functions.listUnsettled()) await this.settle(name);
    const removed = await this.deps.code.collectGarbage(await this.deps.store.functions.referencedCode());
    if (removed > 0) this.deps.log.info('removed unreferenced code packages', { count: removed });
  }

  /**
   * Runs the transaction that refers to freshly stored code, keeping the package pinned until it
   * has committed; when it fails, the package goes again unless something else uses it.
   */
  private async withCode<T>(code: CodeRef, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      this.deps.code.release(code.sha256Hex);
      this.freeCode([code.sha256Hex]);
    }
  }

  /** Removes the packages among `shas` nothing uses any more, in the background (never rejects). */
  private freeCode(shas: Iterable<string>): void {
    const { code, store, space } = this.deps;
    for (const sha of new Set(shas)) {
      const work = code
        .removeIfUnused(sha, () => store.functions.referencesCode(sha))
        .then(() => space?.refresh())
        .finally(() => this.settling.delete(work));
      this.settling.add(work);
    }
  }

  /** Waits for background settling to finish (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.settling.size > 0) await Promise.all([...this.settling]);
  }

  /**
   * Runs a decision in a transaction and tells the listeners. Code the function used before and
   * no longer does (a delete, a replaced `$LATEST`) is freed once it has committed.
   */
  private async transact<T>(name: string, decide: Decide<T>): Promise<T> {
    let dropped: string[] = [];
    const result = await this.deps.store.functions.transact(name, (cur, totals) => {
      const decision = decide(cur, totals);
      dropped = cur ? droppedCode(cur, decision.changes) : [];
      return decision;
    });
    for (const listener of this.listeners) listener(name);
    this.freeCode(dropped);
    return result;
  }

  /** Validates a zip and stores it by content hash. */
  private async prepareCode(zip: Buffer): Promise<CodeRef> {
    if (zip.length > ZIP_LIMIT_BYTES) {
      throw new RequestEntityTooLargeException(`Zipped size must be smaller than ${ZIP_LIMIT_BYTES} bytes`);
    }
    let unzippedSize: number;
    try {
      ({ unzippedSize } = await summarizeZip(zip));
    } catch (error) {
      if (!(error instanceof InvalidZipError)) throw error;
      throw new InvalidParameterValueException(
        'Could not unzip uploaded file. Please check your file, then try to upload again.',
      );
    }
    const code: CodeRef = { sha256Hex: CodeStore.sha256Hex(zip), size: zip.length, unzippedSize };
    validateCodeSize(code);
    await storePinned(this.deps.code, this.deps.space, zip, code);
    return code;
  }

  /** Settles in the background; `idle()` waits for it. */
  private settleSoon(name: string): Promise<void> {
    const work = this.settle(name).finally(() => this.settling.delete(work));
    this.settling.add(work);
    return work;
  }

  /** Unpacks `$LATEST`'s code for the runtime, then marks the function Active / Successful. */
  private async settle(name: string): Promise<void> {
    let agg: FunctionAggregate | undefined;
    try {
      agg = await this.load(name);
    } catch (error) {
      this.deps.log.error('could not settle function', { function: name, error: String(error) });
      return;
    }
    if (!agg) return;
    const { sha256Hex } = agg.fn.latest.code;
    let outcome: SettleOutcome = { sha256Hex, ok: true };
    try {
      await this.deps.code.unpack(sha256Hex);
    } catch (error) {
      const reason = `Could not unpack the code package: ${error instanceof Error ? error.message : String(error)}`;
      this.deps.log.warn('code package failed to unpack', { function: name, reason });
      outcome = { sha256Hex, ok: false, reason };
    }
    try {
      await this.transact(name, (cur) => decideSettle(cur, outcome, this.context()));
    } catch (error) {
      this.deps.log.error('could not settle function', { function: name, error: String(error) });
    }
  }
}

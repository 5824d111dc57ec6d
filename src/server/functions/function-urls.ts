import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { FunctionUrlCors, FunctionUrlRecord, FunctionUrlStore } from './store.js';
import {
  decideCreateUrl,
  decideDeleteUrl,
  decideUpdateUrl,
  findUrl,
  requireFunction,
} from './function-url-rules.js';
import type { Account } from './names.js';
import type { Registry } from './registry.js';

export interface FunctionUrlsDeps {
  store: FunctionUrlStore;
  registry: Pick<Registry, 'onChange'>;
  clock: Clock;
  random: Random;
  account: Account;
  log: Log;
  /** The gateway's port: part of every `FunctionUrl`. */
  gatewayPort: number;
}

/**
 * Function URL configurations: the control operations (through the store's transactions) and an
 * in-memory index by URL id for the gateway, which never reads the database per request. The
 * index follows every write made here, and reloads a function's URLs whenever the registry
 * reports a change to it (a deleted function or alias takes its URLs with it).
 */
export class FunctionUrls {
  private readonly byUrlId = new Map<string, FunctionUrlRecord>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: FunctionUrlsDeps) {}

  async start(): Promise<void> {
    for (const record of await this.deps.store.list()) this.byUrlId.set(record.urlId, record);
    this.unsubscribe = this.deps.registry.onChange((name) => this.reload(name));
  }

  close(): void {
    this.unsubscribe?.();
  }

  /** The configuration a request's URL id names (the gateway's lookup). */
  byId(urlId: string): FunctionUrlRecord | undefined {
    return this.byUrlId.get(urlId);
  }

  /** The host-style URL clients call. */
  urlOf(record: Pick<FunctionUrlRecord, 'urlId'>): string {
    return `http://${record.urlId}.lambda-url.${this.deps.account.region}.localhost:${this.deps.gatewayPort}/`;
  }

  async create(input: {
    functionName: string;
    qualifier: string;
    authType: FunctionUrlRecord['authType'];
    cors: FunctionUrlCors | undefined;
    invokeMode: FunctionUrlRecord['invokeMode'] | undefined;
  }): Promise<FunctionUrlRecord> {
    const { deps } = this;
    // 16 random bytes as hex: 32 lowercase alphanumerics, as AWS's URL ids are.
    const urlId = deps.random.hex(16);
    const record = await deps.store.transact(input.functionName, (owner, urls) =>
      decideCreateUrl(owner, urls, { ...input, account: deps.account, urlId, now: deps.clock.now() }),
    );
    this.byUrlId.set(record.urlId, record);
    return record;
  }

  async update(input: {
    functionName: string;
    qualifier: string;
    authType: FunctionUrlRecord['authType'] | undefined;
    cors: FunctionUrlCors | undefined;
    invokeMode: FunctionUrlRecord['invokeMode'] | undefined;
  }): Promise<FunctionUrlRecord> {
    const record = await this.deps.store.transact(input.functionName, (owner, urls) =>
      decideUpdateUrl(owner, urls, { ...input, now: this.deps.clock.now() }),
    );
    this.byUrlId.set(record.urlId, record);
    return record;
  }

  get(functionName: string, qualifier: string): Promise<FunctionUrlRecord> {
    return this.deps.store.transact(functionName, (owner, urls) => ({
      changes: [],
      result: findUrl(owner, urls, qualifier),
    }));
  }

  async delete(functionName: string, qualifier: string): Promise<void> {
    const gone = await this.deps.store.transact(functionName, (owner, urls) => {
      const decision = decideDeleteUrl(owner, urls, qualifier);
      return { changes: decision.changes, result: findUrl(owner, urls, qualifier) };
    });
    this.byUrlId.delete(gone.urlId);
  }

  list(functionName: string): Promise<FunctionUrlRecord[]> {
    return this.deps.store.transact(functionName, (owner, urls) => {
      requireFunction(owner);
      return { changes: [], result: [...urls] };
    });
  }

  private reload(functionName: string): void {
    this.deps.store.list(functionName).then(
      (records) => {
        for (const [id, record] of this.byUrlId) {
          if (record.functionName === functionName) this.byUrlId.delete(id);
        }
        for (const record of records) this.byUrlId.set(record.urlId, record);
      },
      (error: unknown) =>
        this.deps.log.error('could not reload function URLs', {
          function: functionName,
          error: String(error),
        }),
    );
  }
}

import type { Clock } from '../../common/clock.js';
import {
  decideDeleteEventInvokeConfig,
  decidePutEventInvokeConfig,
  decideUpdateEventInvokeConfig,
  findEventInvokeConfig,
  requireFunctionForList,
} from './event-invoke-rules.js';
import type {
  EventInvokeConfigRecord,
  EventInvokeConfigStore,
  EventInvokeSettings,
} from './event-invoke-store.js';
import { LATEST, type Account } from './names.js';

/** Asynchronous invocation settings per function, version or alias: the control operations. */
export class EventInvokeConfigs {
  constructor(private readonly deps: { store: EventInvokeConfigStore; clock: Clock; account: Account }) {}

  put(
    functionName: string,
    qualifier: string | undefined,
    settings: EventInvokeSettings,
  ): Promise<EventInvokeConfigRecord> {
    const input = this.input(functionName, qualifier, settings);
    return this.deps.store.transact(functionName, (owner, _configs, exists) =>
      decidePutEventInvokeConfig(owner, input, exists),
    );
  }

  update(
    functionName: string,
    qualifier: string | undefined,
    settings: EventInvokeSettings,
    destinationsGiven: boolean,
  ): Promise<EventInvokeConfigRecord> {
    const input = { ...this.input(functionName, qualifier, settings), destinationsGiven };
    return this.deps.store.transact(functionName, (owner, configs, exists) =>
      decideUpdateEventInvokeConfig(owner, configs, input, exists),
    );
  }

  get(functionName: string, qualifier: string | undefined): Promise<EventInvokeConfigRecord> {
    return this.deps.store.transact(functionName, (_owner, configs) => ({
      changes: [],
      result: findEventInvokeConfig(configs, this.deps.account, functionName, qualifier ?? LATEST),
    }));
  }

  delete(functionName: string, qualifier: string | undefined): Promise<undefined> {
    return this.deps.store.transact(functionName, (_owner, configs) =>
      decideDeleteEventInvokeConfig(configs, this.deps.account, functionName, qualifier),
    );
  }

  list(functionName: string): Promise<EventInvokeConfigRecord[]> {
    return this.deps.store.transact(functionName, (owner, configs) => {
      requireFunctionForList(owner);
      return { changes: [], result: [...configs] };
    });
  }

  /** The settings an event runs under (none stored: Lambda's defaults). */
  settingsFor(
    functionName: string,
    qualifier: string | undefined,
  ): Promise<EventInvokeConfigRecord | undefined> {
    return this.deps.store.get(functionName, qualifier ?? LATEST);
  }

  private input(functionName: string, qualifier: string | undefined, settings: EventInvokeSettings) {
    return {
      functionName,
      qualifier: qualifier ?? LATEST,
      settings,
      account: this.deps.account,
      now: this.deps.clock.now(),
    };
  }
}

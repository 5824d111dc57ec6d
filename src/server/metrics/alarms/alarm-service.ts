import type { Clock } from '../../../common/clock.js';
import type { Log } from '../../../common/log.js';
import type { AlarmDecision, AlarmStore, HistoryQuery } from './store.js';
import { InvalidFormat } from '../errors.js';
import { seriesKey } from '../metric-key.js';
import {
  alarmArn,
  decideActionsEnabled,
  decideDelete,
  decidePut,
  decideState,
  type NewState,
} from './alarm-decisions.js';
import {
  AlarmEventBus,
  type AlarmEvents,
  type AlarmStateListener,
  type AlarmStateSnapshot,
} from './alarm-events.js';
import type { AlarmConfig, AlarmHistoryItem, AlarmRecord, StoredHistoryItem } from './alarm-model.js';

export interface AlarmServiceDeps {
  store: { alarms: AlarmStore };
  clock: Clock;
  log: Log;
  account: { region: string; accountId: string };
}

/** Hears the name of every alarm whose configuration was created, changed or deleted. */
export type ConfigListener = (alarmName: string) => void;

/**
 * Metric alarms: their configuration and state in the store, mirrored in memory so the watcher
 * and the deployment engine read them without a query. Each change is a pure decision run in a
 * store transaction; state transitions are then published on the event bus.
 */
export class AlarmService implements AlarmEvents {
  private readonly alarms = new Map<string, AlarmRecord>();
  /** Series key -> names of the alarms watching it. */
  private readonly bySeries = new Map<string, Set<string>>();
  private readonly bus: AlarmEventBus;
  /** Changes made here and, in a cluster, on other nodes (the deployment engine listens here). */
  private readonly everywhere: AlarmEventBus;
  private readonly configListeners = new Set<ConfigListener>();

  constructor(private readonly deps: AlarmServiceDeps) {
    this.bus = new AlarmEventBus(deps.log);
    this.everywhere = new AlarmEventBus(deps.log);
  }

  async load(): Promise<void> {
    for (const alarm of await this.deps.store.alarms.list()) this.cache(alarm);
  }

  onStateChange(listener: AlarmStateListener): () => void {
    return this.bus.onStateChange(listener);
  }

  /**
   * State changes made on this node or, in a cluster, on another one (heard through `refresh`).
   * Actions (webhooks) listen to `onStateChange`: the node that made a change notifies, once.
   */
  onStateChangeAnywhere(listener: AlarmStateListener): () => void {
    return this.everywhere.onStateChange(listener);
  }

  /**
   * Another node changed the alarm (configuration or state): reloads it into the mirror, and tells
   * the listeners what changed.
   */
  async refresh(name: string): Promise<void> {
    const stored = await this.transact([name], (current) => ({ changes: [], result: current.get(name) }));
    const before = this.alarms.get(name);
    if (!stored) {
      if (!before) return;
      this.uncache(before);
      this.configChanged(name);
      return;
    }
    this.cache(stored);
    if (!before || before.configUpdatedAt !== stored.configUpdatedAt) this.configChanged(name);
    if (before && before.state.value !== stored.state.value) {
      const snapshot = (a: AlarmRecord): AlarmStateSnapshot => ({
        value: a.state.value,
        reason: a.state.reason,
        ...(a.state.reasonData !== undefined ? { reasonData: a.state.reasonData } : {}),
        timestamp: a.state.updatedAt,
      });
      this.everywhere.publish({
        alarmName: name,
        alarmArn: stored.arn,
        previous: snapshot(before),
        current: snapshot(stored),
        cause: 'evaluation',
        alarm: stored,
      });
    }
  }

  /** Reloads every alarm (changes may have been missed). */
  async reload(): Promise<void> {
    const names = new Set([
      ...this.alarms.keys(),
      ...(await this.deps.store.alarms.list()).map((a) => a.config.name),
    ]);
    for (const name of names) await this.refresh(name);
  }

  onConfigChange(listener: ConfigListener): () => void {
    this.configListeners.add(listener);
    return () => this.configListeners.delete(listener);
  }

  /** Every alarm, by name. */
  all(): AlarmRecord[] {
    return [...this.alarms.values()].sort((a, b) => (a.config.name < b.config.name ? -1 : 1));
  }

  get(name: string): AlarmRecord | undefined {
    return this.alarms.get(name);
  }

  /** The current state of an alarm, or undefined if there is no such alarm. */
  stateOf(name: string): AlarmStateSnapshot | undefined {
    const state = this.alarms.get(name)?.state;
    return (
      state && {
        value: state.value,
        reason: state.reason,
        reasonData: state.reasonData,
        timestamp: state.updatedAt,
      }
    );
  }

  /** Names of the alarms on one metric series. */
  watching(seriesKey: string): ReadonlySet<string> {
    return this.bySeries.get(seriesKey) ?? new Set();
  }

  async put(config: AlarmConfig): Promise<AlarmRecord> {
    const now = this.deps.clock.now();
    const arn = alarmArn(this.deps.account.region, this.deps.account.accountId, config.name);
    const alarm = await this.transact([config.name], (current) =>
      decidePut(current.get(config.name), config, arn, now),
    );
    this.cache(alarm);
    this.configChanged(config.name);
    return alarm;
  }

  async delete(names: readonly string[]): Promise<void> {
    const now = this.deps.clock.now();
    const deleted = await this.transact(names, (current) => decideDelete(current, names, now));
    for (const alarm of deleted) {
      this.uncache(alarm);
      this.configChanged(alarm.config.name);
    }
  }

  async setActionsEnabled(names: readonly string[], enabled: boolean): Promise<void> {
    const updated = await this.transact(names, (current) => decideActionsEnabled(current, enabled));
    for (const alarm of updated) this.cache(alarm);
  }

  /** SetAlarmState (CloudWatch API Reference): StateReasonData must be JSON; the next evaluation may override it. */
  async setState(name: string, next: NewState): Promise<void> {
    if (next.reasonData !== undefined) {
      try {
        JSON.parse(next.reasonData);
      } catch {
        throw new InvalidFormat('Invalid JSON in StateReasonData');
      }
    }
    await this.changeState(name, next, 'set-alarm-state');
  }

  /** Applies an evaluation made against the configuration of `configUpdatedAt`. */
  applyEvaluation(name: string, next: NewState, configUpdatedAt: number): Promise<void> {
    return this.changeState(name, next, 'evaluation', configUpdatedAt);
  }

  /** Records the outcome of an alarm action (webhook call) in the alarm's history. */
  async recordAction(item: AlarmHistoryItem): Promise<void> {
    await this.transact([], () => ({ changes: [{ kind: 'appendHistory', item }], result: undefined }));
  }

  history(query: HistoryQuery): Promise<StoredHistoryItem[]> {
    return this.deps.store.alarms.history(query);
  }

  private async changeState(
    name: string,
    next: NewState,
    cause: 'evaluation' | 'set-alarm-state',
    expectConfigAt?: number,
  ): Promise<void> {
    const now = this.deps.clock.now();
    let updated: AlarmRecord | undefined;
    const change = await this.transact([name], (current) => {
      const decision = decideState(current.get(name), next, now, cause, expectConfigAt);
      for (const c of decision.changes) if (c.kind === 'putAlarm') updated = c.alarm;
      return decision;
    });
    if (updated) this.cache(updated);
    if (change) {
      this.bus.publish(change);
      this.everywhere.publish(change);
    }
  }

  private transact<T>(
    names: readonly string[],
    decide: (current: ReadonlyMap<string, AlarmRecord>) => AlarmDecision<T>,
  ): Promise<T> {
    return this.deps.store.alarms.transact(names, decide);
  }

  private cache(alarm: AlarmRecord): void {
    const previous = this.alarms.get(alarm.config.name);
    if (previous) this.uncache(previous);
    this.alarms.set(alarm.config.name, alarm);
    const key = seriesKey(alarm.config.metric);
    let names = this.bySeries.get(key);
    if (!names) this.bySeries.set(key, (names = new Set()));
    names.add(alarm.config.name);
  }

  private uncache(alarm: AlarmRecord): void {
    this.alarms.delete(alarm.config.name);
    const key = seriesKey(alarm.config.metric);
    const names = this.bySeries.get(key);
    names?.delete(alarm.config.name);
    if (names?.size === 0) this.bySeries.delete(key);
  }

  private configChanged(name: string): void {
    for (const listener of this.configListeners) {
      try {
        listener(name);
      } catch (error) {
        this.deps.log.error('alarm config listener failed', { alarm: name, error: String(error) });
      }
    }
  }
}

import type { Log } from '../../../common/log.js';
import type { AlarmRecord, StateValue } from './alarm-model.js';

/** An alarm's state at one moment. */
export interface AlarmStateSnapshot {
  value: StateValue;
  reason: string;
  /** JSON text, when the evaluation produced it. */
  reasonData?: string;
  /** ms */
  timestamp: number;
}

/**
 * An alarm changed state. Published after the change is committed to the store, in commit order,
 * once per change. Subscribers run synchronously and must not block: do real work asynchronously.
 */
export interface AlarmStateChange {
  alarmName: string;
  alarmArn: string;
  previous: AlarmStateSnapshot;
  current: AlarmStateSnapshot;
  /** `evaluation`: the watcher judged the metric; `set-alarm-state`: the SetAlarmState API. */
  cause: 'evaluation' | 'set-alarm-state';
  /** The alarm after the change (configuration included: metric, dimensions, actions). */
  alarm: Readonly<AlarmRecord>;
}

export type AlarmStateListener = (change: AlarmStateChange) => void;

/**
 * What the deployment engine subscribes to. Delivery is in-process and at most once: after a
 * restart, read current states (AlarmService.stateOf) rather than expecting a replay.
 */
export interface AlarmEvents {
  /** Returns the unsubscribe function. */
  onStateChange(listener: AlarmStateListener): () => void;
}

/** A typed synchronous event bus; one failing listener neither stops the others nor the publisher. */
export class AlarmEventBus implements AlarmEvents {
  private readonly listeners = new Set<AlarmStateListener>();

  constructor(private readonly log: Log) {}

  onStateChange(listener: AlarmStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: AlarmStateChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.log.error('alarm state listener failed', { alarm: change.alarmName, error: String(error) });
      }
    }
  }
}

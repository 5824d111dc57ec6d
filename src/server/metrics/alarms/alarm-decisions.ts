import type { AlarmDecision, AlarmChange } from './store.js';
import { ResourceNotFound } from '../errors.js';
import type { AlarmConfig, AlarmHistoryItem, AlarmRecord, StateValue } from './alarm-model.js';
import type { AlarmStateChange } from './alarm-events.js';

/** The reason every new alarm starts with [V-AWS]. */
export const INITIAL_REASON = 'Unchecked: Initial alarm creation';

export function alarmArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`;
}

function configItem(
  name: string,
  now: number,
  type: 'Create' | 'Update' | 'Delete',
  config: AlarmConfig,
): AlarmHistoryItem {
  const verb = { Create: 'created', Update: 'updated', Delete: 'deleted' }[type];
  return {
    alarmName: name,
    timestamp: now,
    type: 'ConfigurationUpdate',
    summary: `Alarm "${name}" ${verb}`,
    data: JSON.stringify({ version: '1.0', type, alarm: config }),
  };
}

/** PutMetricAlarm: a new alarm starts in INSUFFICIENT_DATA; an update keeps its state (CloudWatch API Reference, PutMetricAlarm). */
export function decidePut(
  current: AlarmRecord | undefined,
  config: AlarmConfig,
  arn: string,
  now: number,
): AlarmDecision<AlarmRecord> {
  const alarm: AlarmRecord = current
    ? { ...current, config, configUpdatedAt: now }
    : {
        arn,
        config,
        configUpdatedAt: now,
        state: { value: 'INSUFFICIENT_DATA', reason: INITIAL_REASON, updatedAt: now, transitionedAt: now },
      };
  return {
    changes: [
      { kind: 'putAlarm', alarm },
      { kind: 'appendHistory', item: configItem(config.name, now, current ? 'Update' : 'Create', config) },
    ],
    result: alarm,
  };
}

/** DeleteAlarms: all or nothing; a name that does not exist fails the whole call. */
export function decideDelete(
  current: ReadonlyMap<string, AlarmRecord>,
  names: readonly string[],
  now: number,
): AlarmDecision<AlarmRecord[]> {
  const missing = names.filter((n) => !current.has(n));
  if (missing.length > 0) throw new ResourceNotFound('');
  const deleted = [...new Set(names)].map((n) => current.get(n)!);
  const changes: AlarmChange[] = deleted.flatMap((a) => [
    { kind: 'deleteAlarm' as const, name: a.config.name },
    { kind: 'appendHistory' as const, item: configItem(a.config.name, now, 'Delete', a.config) },
  ]);
  return { changes, result: deleted };
}

/** Enable/DisableAlarmActions: names that do not exist are skipped. */
export function decideActionsEnabled(
  current: ReadonlyMap<string, AlarmRecord>,
  enabled: boolean,
): AlarmDecision<AlarmRecord[]> {
  const updated = [...current.values()].map((a) => ({
    ...a,
    config: { ...a.config, actionsEnabled: enabled },
  }));
  return { changes: updated.map((alarm) => ({ kind: 'putAlarm' as const, alarm })), result: updated };
}

export interface NewState {
  value: StateValue;
  reason: string;
  reasonData?: string;
}

function stateJson(value: StateValue, reason: string, reasonData: string | undefined): string {
  const data = reasonData !== undefined ? `,"stateReasonData":${reasonData}` : '';
  return `{"stateValue":"${value}","stateReason":${JSON.stringify(reason)}${data}}`;
}

/**
 * A new state for an alarm, from evaluation or SetAlarmState. A change of value is a transition:
 * history item, event and actions. The same value with a new reason only updates the reason.
 * `expectConfigAt` drops an evaluation made against a configuration that has since changed.
 */
export function decideState(
  current: AlarmRecord | undefined,
  next: NewState,
  now: number,
  cause: AlarmStateChange['cause'],
  expectConfigAt?: number,
): AlarmDecision<AlarmStateChange | undefined> {
  if (!current) {
    if (cause === 'set-alarm-state') throw new ResourceNotFound('');
    return { changes: [], result: undefined };
  }
  if (expectConfigAt !== undefined && current.configUpdatedAt !== expectConfigAt)
    return { changes: [], result: undefined };
  const previous = current.state;
  const transition = previous.value !== next.value;
  if (!transition && cause === 'evaluation') return { changes: [], result: undefined };
  const state = {
    value: next.value,
    reason: next.reason,
    ...(next.reasonData !== undefined ? { reasonData: next.reasonData } : {}),
    updatedAt: now,
    transitionedAt: transition ? now : previous.transitionedAt,
  };
  const alarm: AlarmRecord = { ...current, state };
  const changes: AlarmChange[] = [{ kind: 'putAlarm', alarm }];
  if (!transition) return { changes, result: undefined };
  changes.push({
    kind: 'appendHistory',
    item: {
      alarmName: current.config.name,
      timestamp: now,
      type: 'StateUpdate',
      summary: `Alarm updated from ${previous.value} to ${next.value}`,
      data: `{"version":"1.0","oldState":${stateJson(previous.value, previous.reason, previous.reasonData)},"newState":${stateJson(next.value, next.reason, next.reasonData)}}`,
    },
  });
  return {
    changes,
    result: {
      alarmName: current.config.name,
      alarmArn: current.arn,
      previous: {
        value: previous.value,
        reason: previous.reason,
        reasonData: previous.reasonData,
        timestamp: previous.updatedAt,
      },
      current: { value: next.value, reason: next.reason, reasonData: next.reasonData, timestamp: now },
      cause,
      alarm,
    },
  };
}

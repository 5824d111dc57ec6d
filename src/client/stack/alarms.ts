import {
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type CloudWatchClient,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import type { AlarmPlan } from '../template/model.js';
import { LOGICAL_ID_TAG, STACK_TAG } from './tags.js';

/** Tagged with the stack, as its functions are: how a later deploy knows which alarms it may delete. */
export async function putAlarm(
  cw: CloudWatchClient,
  stackName: string,
  alarm: AlarmPlan,
): Promise<'created' | 'updated' | 'unchanged'> {
  const { MetricAlarms } = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarm.name] }));
  const current = MetricAlarms?.[0];
  if (current && sameAlarm(current, alarm.properties)) return 'unchanged';
  const Tags = [
    { Key: STACK_TAG, Value: stackName },
    { Key: LOGICAL_ID_TAG, Value: alarm.logicalId },
  ];
  await cw.send(
    new PutMetricAlarmCommand({ ...(alarm.properties as unknown as PutMetricAlarmCommandInput), Tags }),
  );
  return current ? 'updated' : 'created';
}

function sameAlarm(current: MetricAlarm, desired: Record<string, unknown>): boolean {
  const defaults: Record<string, unknown> = {
    ActionsEnabled: true,
    AlarmActions: [],
    OKActions: [],
    InsufficientDataActions: [],
    Dimensions: [],
    TreatMissingData: 'missing',
  };
  const keys = new Set([...Object.keys(desired), ...Object.keys(defaults)]);
  for (const key of keys) {
    const want = desired[key] ?? defaults[key];
    const have = (current as Record<string, unknown>)[key] ?? defaults[key];
    if (JSON.stringify(want) !== JSON.stringify(have)) return false;
  }
  return true;
}

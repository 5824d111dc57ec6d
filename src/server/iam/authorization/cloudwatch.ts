import { arnRef, ANY, str, strings, type Account, type Check } from './model.js';

/**
 * CloudWatch's alarm operations are authorized per alarm ("Actions, resources, and condition
 * keys for Amazon CloudWatch": `alarm:<name>`); metric operations on `*`, PutMetricData with the
 * `cloudwatch:namespace` key so a policy can confine a writer to its own namespace.
 */
type Input = Readonly<Record<string, unknown>>;

function alarm(account: Account, name: string): string {
  return `arn:aws:cloudwatch:${account.region}:${account.accountId}:alarm:${name}`;
}

export function cloudWatchChecks(account: Account, operation: string, input: Input): Check[] {
  const action = `cloudwatch:${operation}`;
  const alarms = (names: string[]): Check[] =>
    names.length > 0
      ? names.map((n) => ({ action, resource: arnRef(alarm(account, n)) }))
      : [{ action, resource: ANY }];
  switch (operation) {
    case 'PutMetricAlarm':
    case 'SetAlarmState':
      return alarms([str(input, 'AlarmName') ?? '']);
    case 'DescribeAlarmHistory':
      return alarms(str(input, 'AlarmName') ? [str(input, 'AlarmName') ?? ''] : []);
    case 'DeleteAlarms':
    case 'EnableAlarmActions':
    case 'DisableAlarmActions':
      return alarms(strings(input, 'AlarmNames'));
    case 'ListTagsForResource':
      return [{ action, resource: arnRef(str(input, 'ResourceARN') ?? '*') }];
    case 'PutMetricData':
      return [{ action, resource: ANY, context: { 'cloudwatch:namespace': str(input, 'Namespace') ?? '' } }];
    default:
      return [{ action, resource: ANY }];
  }
}

import type {
  DescribeAlarmsOutput,
  GetMetricDataInput,
  GetMetricDataOutput,
  PutMetricAlarmInput,
} from '@aws-sdk/client-cloudwatch';
import { jsonRpc } from './aws-json.js';
import type { SigningTarget } from './signed-request.js';

/**
 * The CloudWatch operations the CLI makes, as its SDK client sends them (JSON 1.0,
 * `GraniteServiceVersion20100801.<Op>`, in query-compatible mode), without loading it (see aws-json.ts).
 */

function cloudWatch<O>(to: SigningTarget, operation: string, input: object): Promise<O> {
  return jsonRpc<O>(
    to,
    {
      signingName: 'monitoring',
      targetPrefix: 'GraniteServiceVersion20100801',
      version: '1.0',
      headers: { 'x-amzn-query-mode': 'true' },
    },
    operation,
    input,
  );
}

/** The alarms' names and states (the times in them are left as the wire has them: unread). */
export function describeAlarms(
  to: SigningTarget,
  names: string[],
): Promise<{ MetricAlarms?: { AlarmName?: string; StateValue?: string }[] }> {
  return cloudWatch<Pick<DescribeAlarmsOutput, 'MetricAlarms'>>(to, 'DescribeAlarms', { AlarmNames: names });
}

/** The queries' values (their timestamps, epoch seconds on the wire, are not read). */
export function getMetricData(
  to: SigningTarget,
  input: GetMetricDataInput,
): Promise<{ MetricDataResults?: { Id?: string; Values?: number[] }[] }> {
  const seconds = (d: Date | undefined): number | undefined => (d ? d.getTime() / 1000 : undefined);
  return cloudWatch<Pick<GetMetricDataOutput, 'MetricDataResults'>>(to, 'GetMetricData', {
    ...input,
    StartTime: seconds(input.StartTime),
    EndTime: seconds(input.EndTime),
  });
}

export function putMetricAlarm(to: SigningTarget, input: PutMetricAlarmInput): Promise<unknown> {
  return cloudWatch(to, 'PutMetricAlarm', input);
}

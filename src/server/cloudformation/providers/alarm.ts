import {
  DeleteAlarmsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { generatedName, text } from './names.js';

const NUMBERS = ['Period', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold'];

/** AWS::CloudWatch::Alarm: PutMetricAlarm (create and update alike); physical id the name; `Arn`. */
export function cloudWatchAlarm(
  { cloudwatch }: ServiceClients,
  place: { region: string; accountId: string },
): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        await cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [request.previous!.physicalId!] }));
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = { ...request.properties };
      const name =
        request.previous?.physicalId ??
        (p['AlarmName'] === undefined
          ? generatedName(request.stackName, request.logicalId, request.nameSeed, 255)
          : text(p['AlarmName']));
      for (const key of NUMBERS) if (p[key] !== undefined) p[key] = Number(p[key]);
      if (p['ActionsEnabled'] !== undefined)
        p['ActionsEnabled'] = p['ActionsEnabled'] === true || p['ActionsEnabled'] === 'true';
      await cloudwatch.send(
        new PutMetricAlarmCommand({ ...(p as unknown as PutMetricAlarmCommandInput), AlarmName: name }),
      );
      return {
        kind: 'done',
        physicalId: name,
        attributes: { Arn: `arn:aws:cloudwatch:${place.region}:${place.accountId}:alarm:${name}` },
      };
    },
  };
}

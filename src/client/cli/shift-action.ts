import { createHash } from 'node:crypto';
import { putMetricAlarm } from '../sdk/cloudwatch-api.js';
import { codeDeploy } from '../sdk/codedeploy-api.js';
import type { Connection, ConnectionOptions } from '../sdk/connection.js';
import { getAlias, getFunctionConfiguration } from '../sdk/lambda-api.js';
import { LAMBDA_NAMESPACE, LambdaMetric, resourceOf } from '../../contracts/lambda-metrics.js';
import { clientAction } from './client-errors.js';
import type { ShiftType } from './options.js';
import { watchDeployments } from './progress/index.js';
import { formatDuration, wrap } from './progress/render.js';

/** The CodeDeploy application `gradual shift` keeps its deployment groups in (one per alias). */
export const SHIFT_APPLICATION = 'gradual-shift';

interface ShiftOptions extends ConnectionOptions {
  alias: string;
  to: string;
  steps: number;
  interval: number;
  type: ShiftType;
  healthCheck: boolean;
  wait: boolean;
}

/** Seed 003's health check: any error of the new version behind the alias in a minute. */
export function errorsAlarmName(fn: string, alias: string): string {
  return `gradual-shift-${fn}-${alias}-errors`;
}

async function ignoreExists(promise: Promise<unknown>, name: string): Promise<void> {
  await promise.catch((e: Error) => {
    if (e.name !== name) throw e;
  });
}

async function ensureGroup(connection: Connection, group: string, alarm: string | undefined): Promise<void> {
  const settings = {
    alarmConfiguration: { enabled: alarm !== undefined, alarms: alarm ? [{ name: alarm }] : [] },
    autoRollbackConfiguration: {
      enabled: true,
      events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'] as (
        'DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_ALARM' | 'DEPLOYMENT_STOP_ON_REQUEST'
      )[],
    },
  };
  await ignoreExists(
    codeDeploy(connection, 'CreateApplication', {
      applicationName: SHIFT_APPLICATION,
      computePlatform: 'Lambda',
    }),
    'ApplicationAlreadyExistsException',
  );
  try {
    await codeDeploy(connection, 'CreateDeploymentGroup', {
      applicationName: SHIFT_APPLICATION,
      deploymentGroupName: group,
      serviceRoleArn: 'arn:aws:iam::000000000000:role/gradual-shift',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      ...settings,
    });
  } catch (e) {
    if ((e as Error).name !== 'DeploymentGroupAlreadyExistsException') throw e;
    await codeDeploy(connection, 'UpdateDeploymentGroup', {
      applicationName: SHIFT_APPLICATION,
      currentDeploymentGroupName: group,
      ...settings,
    });
  }
}

/** What the command does (registered in shift.ts). */
export const shiftAction = clientAction(async (connection, opts: ShiftOptions, fn: string) => {
  const alias = await getAlias(connection, fn, opts.alias);
  await getFunctionConfiguration(connection, fn, opts.to);
  const current = alias.FunctionVersion!;
  const weights = Object.keys(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
  if (current === opts.to && weights.length === 0) {
    // Nothing to shift: no deployment, no alarm, and `rollback` keeps its meaning.
    process.stdout.write(
      `${fn}:${opts.alias} already sends all traffic to version ${opts.to}: nothing to shift.\n`,
    );
    return;
  }
  const group = `${fn}-${opts.alias}`;
  const alarm = opts.healthCheck ? errorsAlarmName(fn, opts.alias) : undefined;
  if (alarm) {
    await putMetricAlarm(connection, {
      AlarmName: alarm,
      AlarmDescription: `gradual shift: errors of ${fn}:${opts.alias} on the new version`,
      Namespace: LAMBDA_NAMESPACE,
      MetricName: LambdaMetric.Errors,
      Dimensions: [
        { Name: 'FunctionName', Value: fn },
        { Name: 'Resource', Value: resourceOf(fn, opts.alias) },
        { Name: 'ExecutedVersion', Value: opts.to },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  }
  await ensureGroup(connection, group, alarm);
  const appSpec = [
    'version: 0.0',
    'Resources:',
    `  - ${fn}:`,
    '      Type: AWS::Lambda::Function',
    '      Properties:',
    `        Name: "${fn}"`,
    `        Alias: "${opts.alias}"`,
    `        CurrentVersion: "${current}"`,
    `        TargetVersion: "${opts.to}"`,
    '',
  ].join('\n');
  // gradualOptions: gradual's own field, which the SDK's CreateDeploymentInput has no place for.
  const { deploymentId } = await codeDeploy<{ deploymentId: string }>(connection, 'CreateDeployment', {
    applicationName: SHIFT_APPLICATION,
    deploymentGroupName: group,
    description: `gradual shift ${fn}:${opts.alias} to ${opts.to}`,
    revision: {
      revisionType: 'AppSpecContent',
      appSpecContent: {
        content: appSpec,
        sha256: createHash('sha256').update(appSpec).digest('hex'),
      },
    },
    gradualOptions: {
      weightFunction: { type: opts.type, steps: opts.steps, intervalSeconds: opts.interval },
    },
  });
  const intro = `Shifting ${fn}:${opts.alias} from version ${current} to ${opts.to}: ${opts.steps} ${opts.type} step${opts.steps === 1 ? '' : 's'}, ${formatDuration(opts.interval * 1000)} apart${alarm ? `, rolled back on any error (alarm ${alarm})` : ''}.`;
  const width = Math.min(process.stdout.columns ?? 80, 101) - 1;
  process.stdout.write([...wrap(intro, width, 4), `Deployment ${deploymentId}`, ''].join('\n'));
  if (!opts.wait) return;
  const [result] = await watchDeployments(
    connection,
    [{ functionName: fn, alias: opts.alias, deploymentId }],
    { out: process.stdout },
  );
  if (result?.status === 'Succeeded') process.stdout.write(`Done: all traffic on version ${opts.to}.\n`);
  else {
    process.stderr.write(
      `gradual: shift ${result?.status.toLowerCase() ?? 'failed'}: ${result?.reason ?? 'unknown reason'}\n`,
    );
    process.exitCode = 1;
  }
});

import { TemplateError } from '../../common/template/errors.js';
import { CFN_ALARM_PROPERTIES, checkNames, nearest } from '../../common/template/sam-names.js';
import { resolveValue, type ResolveContext } from '../../common/template/intrinsics.js';
import type { AlarmPlan } from './model.js';

const STRINGS = [
  'AlarmDescription',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Unit',
  'ComparisonOperator',
  'TreatMissingData',
  'EvaluateLowSampleCountPercentile',
];
const NUMBERS = ['Period', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold'];
const LISTS = ['AlarmActions', 'OKActions', 'InsufficientDataActions', 'Dimensions'];
const OTHER = ['AlarmName', 'ActionsEnabled'];
const ALL = new Set([...STRINGS, ...NUMBERS, ...LISTS, ...OTHER]);

/** Values CloudWatch's PutMetricAlarm accepts, checked before anything changes. */
const ONE_OF: Record<string, readonly string[]> = {
  ComparisonOperator: [
    'GreaterThanOrEqualToThreshold',
    'GreaterThanThreshold',
    'LessThanThreshold',
    'LessThanOrEqualToThreshold',
    'LessThanLowerOrGreaterThanUpperThreshold',
    'LessThanLowerThreshold',
    'GreaterThanUpperThreshold',
  ],
  Statistic: ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'],
  TreatMissingData: ['breaching', 'notBreaching', 'ignore', 'missing'],
};

/** An `AWS::CloudWatch::Alarm` as the PutMetricAlarm input it becomes. */
export function alarmPlan(
  logicalId: string,
  name: string,
  properties: Record<string, unknown>,
  ctx: ResolveContext,
): AlarmPlan {
  const path = `Resources.${logicalId}.Properties`;
  checkNames(properties, path, {
    known: CFN_ALARM_PROPERTIES,
    supported: ALL,
    what: 'CloudFormation (AWS::CloudWatch::Alarm)',
  });
  const resolved = resolveValue(properties, path, ctx) as Record<string, unknown>;
  const out: Record<string, unknown> = { AlarmName: name };
  for (const [key, value] of Object.entries(resolved)) {
    if (key === 'AlarmName') continue;
    const at = `${path}.${key}`;
    if (STRINGS.includes(key)) {
      if (typeof value !== 'string') throw new TemplateError(at, 'must be a string');
      out[key] = value;
    } else if (NUMBERS.includes(key)) {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new TemplateError(at, 'must be a number');
      out[key] = n;
    } else if (key === 'ActionsEnabled') {
      if (value !== true && value !== false && value !== 'true' && value !== 'false')
        throw new TemplateError(at, 'must be true or false');
      out[key] = value === true || value === 'true';
    } else if (key === 'Dimensions') {
      if (!Array.isArray(value)) throw new TemplateError(at, 'must be a list of {Name, Value}');
      out[key] = value.map((d: unknown, i) => {
        const dim = d as Record<string, unknown>;
        if (
          !dim ||
          typeof dim.Name !== 'string' ||
          typeof dim.Value !== 'string' ||
          Object.keys(dim).length !== 2
        )
          throw new TemplateError(`${at}[${i}]`, 'must be {Name, Value} strings');
        return { Name: dim.Name, Value: dim.Value };
      });
    } else {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        throw new TemplateError(at, 'must be a list of strings');
      out[key] = value;
    }
  }
  for (const key of ['ComparisonOperator', 'EvaluationPeriods'])
    if (out[key] === undefined) throw new TemplateError(`${path}.${key}`, 'is required');
  for (const [key, allowed] of Object.entries(ONE_OF)) {
    // The strings among them were checked above.
    const value = out[key] as string | undefined;
    if (value !== undefined && !allowed.includes(value)) {
      const guess = nearest(value, allowed);
      throw new TemplateError(
        `${path}.${key}`,
        `${value} is not one of ${allowed.join(', ')}${guess ? ` (did you mean ${guess}?)` : ''}`,
      );
    }
  }
  const period = out['Period'] as number | undefined;
  if (period !== undefined && ![10, 20, 30].includes(period) && (period < 60 || period % 60 !== 0))
    throw new TemplateError(`${path}.Period`, `${period} must be 10, 20, 30 or a multiple of 60 (seconds)`);
  return { logicalId, name, properties: out };
}

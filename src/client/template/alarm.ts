import { TemplateError, unsupported } from '../../common/template/errors.js';
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

/** An `AWS::CloudWatch::Alarm` as the PutMetricAlarm input it becomes. */
export function alarmPlan(
  logicalId: string,
  name: string,
  properties: Record<string, unknown>,
  ctx: ResolveContext,
): AlarmPlan {
  const path = `Resources.${logicalId}.Properties`;
  for (const key of Object.keys(properties)) if (!ALL.has(key)) throw unsupported(`${path}.${key}`);
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
  return { logicalId, name, properties: out };
}

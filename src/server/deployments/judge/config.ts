import { z } from 'zod';
import type { Direction, Tolerance } from './compare.js';

/**
 * The judge's configuration, from `gradualOptions.judge` (a deployment group's or a
 * deployment's). Everything has a default, so `"judge": {}` judges errors and latency.
 */

export type MetricStatistic =
  /** The mean of values the user declares bounded (0/1 for a rate): judged as a bounded mean. */
  | { kind: 'mean'; name: 'Average'; range: [number, number] }
  | { kind: 'percentile'; name: string; quantile: number };

export interface MetricCheckConfig {
  /** How the check is named in evidence: `Namespace/MetricName statistic`. */
  label: string;
  namespace: string;
  metricName: string;
  /** Dimensions besides the version's. */
  dimensions: { name: string; value: string }[];
  /** The dimension whose value is the version (Lambda's own: ExecutedVersion). */
  versionDimension: string;
  statistic: MetricStatistic;
  direction: Direction;
  tolerance: Tolerance;
}

export interface JudgeConfig {
  /** Chance of rolling back a version no worse than tolerated, over the whole deployment. */
  alpha: number;
  /**
   * Errors are judged by their ratio; `passWithin` (a rate difference) also lets a step pass
   * early once the new version's rate is surely at most that much above the current one's.
   */
  errors: { tolerance: Tolerance; passWithin: number } | undefined;
  latency: { quantiles: { name: string; quantile: number }[]; tolerance: Tolerance } | undefined;
  metrics: MetricCheckConfig[];
  /** Opt-in: a step ends once every check passes, after at least this long and this many invocations. */
  earlyPromotion: { minStepMs: number; minInvocations: number } | undefined;
}

const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,6})?)$/;

const percentile = z
  .string()
  .regex(PERCENTILE, 'must be a percentile from p1 to p99.999999, such as p99 or p99.9')
  .refine((name) => Number(name.slice(1)) > 0, 'must be a percentile above p0');

const fraction = (what: string) =>
  z.number().min(0, `${what} must be at least 0`).max(10, `${what} must be at most 10 (1000%)`);

const errorsSchema = z.strictObject({
  tolerance: fraction('tolerance').default(0.2),
  passWithin: z.number().min(0).max(1).default(0),
});

const latencySchema = z.strictObject({
  percentiles: z.array(percentile).min(1).max(5).default(['p50', 'p99']),
  tolerance: fraction('tolerance').default(0.2),
  absoluteToleranceMs: z.number().min(0).default(1),
});

const metricSchema = z
  .strictObject({
    namespace: z.string().min(1).max(255),
    metricName: z.string().min(1).max(255),
    dimensions: z
      .array(z.strictObject({ name: z.string().min(1).max(255), value: z.string().min(1).max(1024) }))
      .max(29)
      .default([]),
    versionDimension: z.string().min(1).max(255).default('ExecutedVersion'),
    statistic: z.union([z.literal('Average'), percentile]),
    /** For Average: the values' range (default 0 to 1, a rate). */
    range: z.tuple([z.number(), z.number()]).optional(),
    worse: z.enum(['increase', 'decrease']),
    tolerance: fraction('tolerance').default(0.1),
    absoluteTolerance: z.number().min(0).default(0),
  })
  .refine((m) => !m.range || m.range[0] < m.range[1], {
    message: 'range must be [low, high] with low below high',
    path: ['range'],
  })
  .refine((m) => m.statistic === 'Average' || m.range === undefined, {
    message: 'range applies to the Average statistic only',
    path: ['range'],
  });

export const judgeSchema = z.strictObject({
  confidence: z.number().min(0.5).max(0.999999).default(0.99),
  errors: z.union([errorsSchema, z.literal(false)]).default({ tolerance: 0.2, passWithin: 0 }),
  latency: z
    .union([latencySchema, z.literal(false)])
    .default({ percentiles: ['p50', 'p99'], tolerance: 0.2, absoluteToleranceMs: 1 }),
  metrics: z.array(metricSchema).max(10).default([]),
  earlyPromotion: z
    .strictObject({
      minStepSeconds: z.number().min(0).default(60),
      minInvocations: z.number().int().min(0).default(100),
    })
    .optional(),
});

export type JudgeJson = z.input<typeof judgeSchema>;

/** A problem with the configuration, naming the field: `gradualOptions.judge.latency.percentiles[1] ...`. */
export class JudgeConfigError extends Error {}

function fieldPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`),
    root,
  );
}

/** Parses `gradualOptions.judge`; throws JudgeConfigError naming every bad field. */
export function parseJudgeConfig(value: unknown, root = 'gradualOptions.judge'): JudgeConfig {
  const result = judgeSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${fieldPath(root, issue.path)} ${issue.message}`);
    throw new JudgeConfigError(problems.join('; '));
  }
  const json = result.data;
  // Parsed as 'NNe-2' so p99.9 is exactly 0.999.
  const quantileOf = (name: string) => ({ name, quantile: Number(`${name.slice(1)}e-2`) });
  return {
    alpha: 1 - json.confidence,
    errors: json.errors
      ? {
          tolerance: { relative: json.errors.tolerance, absolute: 0 },
          passWithin: json.errors.passWithin,
        }
      : undefined,
    latency: json.latency
      ? {
          quantiles: json.latency.percentiles.map(quantileOf),
          tolerance: { relative: json.latency.tolerance, absolute: json.latency.absoluteToleranceMs },
        }
      : undefined,
    metrics: json.metrics.map((m) => ({
      label: `${m.namespace}/${m.metricName} ${m.statistic}`,
      namespace: m.namespace,
      metricName: m.metricName,
      dimensions: m.dimensions,
      versionDimension: m.versionDimension,
      statistic:
        m.statistic === 'Average'
          ? { kind: 'mean', name: 'Average', range: m.range ?? [0, 1] }
          : { kind: 'percentile', ...quantileOf(m.statistic) },
      direction: m.worse,
      tolerance: { relative: m.tolerance, absolute: m.absoluteTolerance },
    })),
    earlyPromotion: json.earlyPromotion
      ? {
          minStepMs: json.earlyPromotion.minStepSeconds * 1000,
          minInvocations: json.earlyPromotion.minInvocations,
        }
      : undefined,
  };
}

/** The configuration as `gradualOptions.judge` JSON again, to echo it back. */
export function judgeConfigJson(config: JudgeConfig): JudgeJson {
  return {
    confidence: 1 - config.alpha,
    errors: config.errors
      ? { tolerance: config.errors.tolerance.relative, passWithin: config.errors.passWithin }
      : false,
    latency: config.latency
      ? {
          percentiles: config.latency.quantiles.map((q) => q.name),
          tolerance: config.latency.tolerance.relative,
          absoluteToleranceMs: config.latency.tolerance.absolute,
        }
      : false,
    metrics: config.metrics.map((m) => ({
      namespace: m.namespace,
      metricName: m.metricName,
      dimensions: m.dimensions,
      versionDimension: m.versionDimension,
      statistic: m.statistic.name,
      ...(m.statistic.kind === 'mean' ? { range: m.statistic.range } : {}),
      worse: m.direction,
      tolerance: m.tolerance.relative,
      absoluteTolerance: m.tolerance.absolute,
    })),
    ...(config.earlyPromotion
      ? {
          earlyPromotion: {
            minStepSeconds: config.earlyPromotion.minStepMs / 1000,
            minInvocations: config.earlyPromotion.minInvocations,
          },
        }
      : {}),
  };
}

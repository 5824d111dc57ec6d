import { z } from 'zod';
import type {
  AlarmConfiguration,
  AutoRollbackConfiguration,
  GradualOptions,
  RollbackEvent,
} from '../../deployments/model.js';
import { weightFunction, type ShiftStep } from '../../deployments/traffic.js';
import { JudgeConfigError, judgeConfigJson, parseJudgeConfig } from '../../deployments/judge/config.js';
import {
  AlarmsLimitExceededException,
  InvalidAlarmConfigException,
  InvalidAutoRollbackConfigException,
  InvalidInputException,
} from '../../deployments/errors.js';
import { named, refuse } from './input.js';

/** Settings shared by deployment groups and deployments, as CodeDeploy's JSON carries them. */

const ROLLBACK_EVENTS: readonly RollbackEvent[] = [
  'DEPLOYMENT_FAILURE',
  'DEPLOYMENT_STOP_ON_ALARM',
  'DEPLOYMENT_STOP_ON_REQUEST',
];

const invalidAlarms = (message: string) => () => new InvalidAlarmConfigException(message);

/** `alarmConfiguration` / `overrideAlarmConfiguration`: at most 10 alarms, each named once. */
export const alarmConfiguration = z
  .object({
    enabled: z.boolean().optional(),
    ignorePollAlarmFailure: z.boolean().optional(),
    alarms: named(
      z.array(z.object({ name: z.unknown() })).optional(),
      invalidAlarms('The alarm configuration must list alarms as [{name}].'),
    ),
  })
  .optional()
  .transform((config, ctx): AlarmConfiguration | undefined => {
    if (!config) return undefined;
    const names = (config.alarms ?? []).map((a) => a.name);
    if (names.length > 10)
      return refuse(
        ctx,
        new AlarmsLimitExceededException(
          'The maximum number of alarms for a deployment group (10) was exceeded.',
        ),
      );
    const valid = names.filter((n): n is string => typeof n === 'string' && n.length > 0 && n.length <= 255);
    if (valid.length !== names.length)
      return refuse(ctx, new InvalidAlarmConfigException('Each alarm needs a name of 1 to 255 characters.'));
    if (new Set(valid).size !== valid.length)
      return refuse(
        ctx,
        new InvalidAlarmConfigException('The alarm configuration names the same alarm twice.'),
      );
    return {
      enabled: config.enabled === true,
      ignorePollAlarmFailure: config.ignorePollAlarmFailure === true,
      alarms: valid,
    };
  });

/** `autoRollbackConfiguration`: the events that trigger a rollback, at least one when enabled. */
export const autoRollbackConfiguration = z
  .object({ enabled: z.boolean().optional(), events: z.array(z.string()).optional() })
  .optional()
  .transform((config, ctx): AutoRollbackConfiguration | undefined => {
    if (!config) return undefined;
    const events = config.events ?? [];
    const unknown = events.filter((e) => !(ROLLBACK_EVENTS as readonly string[]).includes(e));
    if (unknown.length > 0) {
      return refuse(
        ctx,
        new InvalidAutoRollbackConfigException(
          `Unknown rollback events: ${unknown.join(', ')}; use ${ROLLBACK_EVENTS.join(', ')}.`,
        ),
      );
    }
    const enabled = config.enabled === true;
    if (enabled && events.length === 0) {
      return refuse(
        ctx,
        new InvalidAutoRollbackConfigException(
          'Automatic rollback is enabled but no event is given to trigger it.',
        ),
      );
    }
    return { enabled, events: events as RollbackEvent[] };
  });

const invalid = (message: string) => () => new InvalidInputException(message);

const minimumSample = z.object({
  invocations: named(
    z.number().int().min(1),
    invalid('gradualOptions.minimumSample.invocations must be a positive integer.'),
  ),
  policy: named(
    z.enum(['hold', 'fail', 'pass']).default('hold'),
    invalid("gradualOptions.minimumSample.policy must be 'hold', 'fail' or 'pass'."),
  ),
  maxHoldSeconds: named(
    z.number().min(0).default(3600),
    invalid('gradualOptions.minimumSample.maxHoldSeconds must be a number of seconds.'),
  ),
});

const weightFunctionInput = z.object({
  type: named(
    z.enum(['linear', 'exponential']).default('linear'),
    invalid("weightFunction.type must be 'linear' or 'exponential'."),
  ),
  steps: named(
    z.number().int().min(1).max(100),
    invalid('weightFunction.steps must be an integer from 1 to 100.'),
  ),
  intervalSeconds: named(
    z.number().min(0),
    invalid('weightFunction.intervalSeconds must be a number of seconds.'),
  ),
});

const explicitSteps = named(
  z.array(z.unknown()).min(1).optional(),
  invalid('gradualOptions.steps must be a non-empty list of {weight, holdSeconds}.'),
).transform((steps, ctx): ShiftStep[] | undefined => {
  if (!steps) return undefined;
  const parsed: ShiftStep[] = [];
  for (const [i, s] of steps.entries()) {
    const step = z.object({ weight: z.unknown(), holdSeconds: z.unknown() }).safeParse(s);
    const weight = step.data?.weight;
    const hold = step.data?.holdSeconds ?? 0;
    if (typeof weight !== 'number' || weight <= 0 || weight > 100)
      return refuse(
        ctx,
        new InvalidInputException(
          `gradualOptions.steps[${i}].weight must be a percentage above 0 and at most 100.`,
        ),
      );
    if (typeof hold !== 'number' || hold < 0)
      return refuse(
        ctx,
        new InvalidInputException(`gradualOptions.steps[${i}].holdSeconds must be a number of seconds.`),
      );
    if (i > 0 && weight <= parsed[i - 1]!.weight)
      return refuse(
        ctx,
        new InvalidInputException('gradualOptions.steps weights must rise from step to step.'),
      );
    parsed.push({ weight, holdMs: hold * 1000 });
  }
  // The last step takes all traffic and holds nothing.
  if (parsed.at(-1)!.weight !== 100) parsed.push({ weight: 100, holdMs: 0 });
  parsed[parsed.length - 1] = { weight: 100, holdMs: 0 };
  return parsed;
});

/**
 * gradual's own options, from the `gradualOptions` member AWS clients never send: a minimum sample,
 * prewarming, the hook timeout, and an explicit schedule (`steps: [{weight, holdSeconds}]`, weights
 * rising to 100, or `weightFunction: {type: linear|exponential, steps, intervalSeconds}`) that
 * replaces the config's traffic routing.
 */
export const gradualOptions = z
  .object({
    minimumSample: minimumSample.optional(),
    prewarm: z.boolean().optional(),
    hookTimeoutSeconds: named(
      z.number().gt(0).max(3600).optional(),
      invalid('gradualOptions.hookTimeoutSeconds must be between 1 and 3600.'),
    ),
    weightFunction: weightFunctionInput.optional(),
    steps: explicitSteps,
    // The judge's configuration has its own schema and words (deployments/judge/config.ts).
    judge: z
      .unknown()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        try {
          return parseJudgeConfig(value);
        } catch (error) {
          if (error instanceof JudgeConfigError) return refuse(ctx, new InvalidInputException(error.message));
          throw error;
        }
      }),
  })
  .optional()
  .transform((o): { options: Partial<GradualOptions>; schedule: ShiftStep[] | undefined } => {
    const options: Partial<GradualOptions> = {};
    if (o?.minimumSample) {
      const { invocations, policy, maxHoldSeconds } = o.minimumSample;
      options.sampleGate = { minInvocations: invocations, policy, maxHoldMs: maxHoldSeconds * 1000 };
    }
    if (o?.prewarm !== undefined) options.prewarm = o.prewarm;
    if (o?.judge !== undefined) options.judge = o.judge;
    if (o?.hookTimeoutSeconds !== undefined) options.hookTimeoutMs = o.hookTimeoutSeconds * 1000;
    const fn = o?.weightFunction;
    const schedule = fn ? weightFunction(fn.type, fn.steps, fn.intervalSeconds * 1000) : o?.steps;
    return { options, schedule };
  });

export type GradualOptionsInput = z.output<typeof gradualOptions>;

/** The options as gradualOptions JSON, to echo them back. */
export function gradualOptionsJson(options: Partial<GradualOptions>): Record<string, unknown> {
  return {
    ...(options.sampleGate
      ? {
          minimumSample: {
            invocations: options.sampleGate.minInvocations,
            policy: options.sampleGate.policy,
            maxHoldSeconds: options.sampleGate.maxHoldMs / 1000,
          },
        }
      : {}),
    ...(options.prewarm !== undefined ? { prewarm: options.prewarm } : {}),
    ...(options.hookTimeoutMs !== undefined ? { hookTimeoutSeconds: options.hookTimeoutMs / 1000 } : {}),
    ...(options.judge ? { judge: judgeConfigJson(options.judge) } : {}),
  };
}

import type {
  AlarmConfiguration,
  AutoRollbackConfiguration,
  GradualOptions,
  RollbackEvent,
} from '../../deployments/model.js';
import {
  PREDEFINED_LAMBDA_CONFIGS,
  PREDEFINED_OTHER_CONFIGS,
  weightFunction,
  type ShiftStep,
  type TrafficRouting,
} from '../../deployments/traffic.js';
import { JudgeConfigError, judgeConfigJson, parseJudgeConfig } from '../../deployments/judge/config.js';
import type { DeployReader } from '../../deployments/store.js';
import {
  AlarmsLimitExceededException,
  DeploymentConfigDoesNotExistException,
  InvalidAlarmConfigException,
  InvalidAutoRollbackConfigException,
  InvalidDeploymentConfigNameException,
  InvalidInputException,
} from '../../deployments/errors.js';

/** Settings shared by deployment groups and deployments, parsed from CodeDeploy's JSON. */

const ROLLBACK_EVENTS: readonly RollbackEvent[] = [
  'DEPLOYMENT_FAILURE',
  'DEPLOYMENT_STOP_ON_ALARM',
  'DEPLOYMENT_STOP_ON_REQUEST',
];

function object(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function alarmConfiguration(value: unknown): AlarmConfiguration | undefined {
  const config = object(value);
  if (!config) return undefined;
  const alarms = config['alarms'] ?? [];
  if (!Array.isArray(alarms))
    throw new InvalidAlarmConfigException('The alarm configuration must list alarms as [{name}].');
  if (alarms.length > 10)
    throw new AlarmsLimitExceededException(
      'The maximum number of alarms for a deployment group (10) was exceeded.',
    );
  const names = alarms.map((a) => object(a)?.['name']);
  if (names.some((n) => typeof n !== 'string' || n.length === 0 || n.length > 255)) {
    throw new InvalidAlarmConfigException('Each alarm needs a name of 1 to 255 characters.');
  }
  if (new Set(names).size !== names.length)
    throw new InvalidAlarmConfigException('The alarm configuration names the same alarm twice.');
  return {
    enabled: config['enabled'] === true,
    ignorePollAlarmFailure: config['ignorePollAlarmFailure'] === true,
    alarms: names as string[],
  };
}

export function autoRollbackConfiguration(value: unknown): AutoRollbackConfiguration | undefined {
  const config = object(value);
  if (!config) return undefined;
  const enabled = config['enabled'] === true;
  const events = Array.isArray(config['events']) ? (config['events'] as unknown[]) : [];
  const unknown = events.filter((e) => !ROLLBACK_EVENTS.includes(e as RollbackEvent));
  if (unknown.length > 0) {
    throw new InvalidAutoRollbackConfigException(
      `Unknown rollback events: ${unknown.join(', ')}; use ${ROLLBACK_EVENTS.join(', ')}.`,
    );
  }
  if (enabled && events.length === 0) {
    throw new InvalidAutoRollbackConfigException(
      'Automatic rollback is enabled but no event is given to trigger it.',
    );
  }
  return { enabled, events: events as RollbackEvent[] };
}

/** Resolves a config name to its traffic routing (predefined Lambda configs, then custom ones). */
export function routingFor(reader: DeployReader, name: string): TrafficRouting {
  const predefined = PREDEFINED_LAMBDA_CONFIGS[name];
  if (predefined) return predefined;
  if (PREDEFINED_OTHER_CONFIGS[name]) {
    throw new InvalidDeploymentConfigNameException(
      `The deployment configuration ${name} is for the ${PREDEFINED_OTHER_CONFIGS[name]} compute platform; use a Lambda configuration such as CodeDeployDefault.LambdaCanary10Percent5Minutes.`,
    );
  }
  const custom = reader.config(name);
  if (!custom)
    throw new DeploymentConfigDoesNotExistException(`No deployment configuration found for name: ${name}`);
  return custom.routing;
}

/** gradual's own options, from the `gradualOptions` member AWS clients never send. */
export function gradualOptions(value: unknown): Partial<GradualOptions> {
  const options = object(value);
  if (!options) return {};
  const result: Partial<GradualOptions> = {};
  const sample = object(options['minimumSample']);
  if (sample) {
    const minInvocations = sample['invocations'];
    const policy = sample['policy'] ?? 'hold';
    const maxHoldSeconds = sample['maxHoldSeconds'] ?? 3600;
    if (typeof minInvocations !== 'number' || !Number.isInteger(minInvocations) || minInvocations < 1) {
      throw new InvalidInputException('gradualOptions.minimumSample.invocations must be a positive integer.');
    }
    if (policy !== 'hold' && policy !== 'fail' && policy !== 'pass') {
      throw new InvalidInputException(
        "gradualOptions.minimumSample.policy must be 'hold', 'fail' or 'pass'.",
      );
    }
    if (typeof maxHoldSeconds !== 'number' || maxHoldSeconds < 0) {
      throw new InvalidInputException(
        'gradualOptions.minimumSample.maxHoldSeconds must be a number of seconds.',
      );
    }
    result.sampleGate = { minInvocations, policy, maxHoldMs: maxHoldSeconds * 1000 };
  }
  if (options['prewarm'] !== undefined) result.prewarm = options['prewarm'] === true;
  if (options['judge'] !== undefined) {
    try {
      result.judge = parseJudgeConfig(options['judge']);
    } catch (error) {
      if (error instanceof JudgeConfigError) throw new InvalidInputException(error.message);
      throw error;
    }
  }
  const hookTimeout = options['hookTimeoutSeconds'];
  if (hookTimeout !== undefined) {
    if (typeof hookTimeout !== 'number' || hookTimeout <= 0 || hookTimeout > 3600) {
      throw new InvalidInputException('gradualOptions.hookTimeoutSeconds must be between 1 and 3600.');
    }
    result.hookTimeoutMs = hookTimeout * 1000;
  }
  return result;
}

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

/**
 * An explicit schedule from `gradualOptions`: `steps: [{weight, holdSeconds}]` (weights rising,
 * ending at 100) or `weightFunction: {type: linear|exponential, steps, intervalSeconds}`.
 */
export function scheduleOption(value: unknown): ShiftStep[] | undefined {
  const options = object(value);
  if (!options) return undefined;
  const fn = object(options['weightFunction']);
  if (fn) {
    const type = fn['type'] ?? 'linear';
    const steps = fn['steps'];
    const interval = fn['intervalSeconds'];
    if (type !== 'linear' && type !== 'exponential')
      throw new InvalidInputException("weightFunction.type must be 'linear' or 'exponential'.");
    if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > 100) {
      throw new InvalidInputException('weightFunction.steps must be an integer from 1 to 100.');
    }
    if (typeof interval !== 'number' || interval < 0)
      throw new InvalidInputException('weightFunction.intervalSeconds must be a number of seconds.');
    return weightFunction(type, steps, interval * 1000);
  }
  const steps = options['steps'];
  if (steps === undefined) return undefined;
  if (!Array.isArray(steps) || steps.length === 0)
    throw new InvalidInputException(
      'gradualOptions.steps must be a non-empty list of {weight, holdSeconds}.',
    );
  const parsed = steps.map((s: unknown, i) => {
    const step = object(s);
    const weight = step?.['weight'];
    const hold = step?.['holdSeconds'] ?? 0;
    if (typeof weight !== 'number' || weight <= 0 || weight > 100) {
      throw new InvalidInputException(
        `gradualOptions.steps[${i}].weight must be a percentage above 0 and at most 100.`,
      );
    }
    if (typeof hold !== 'number' || hold < 0)
      throw new InvalidInputException(`gradualOptions.steps[${i}].holdSeconds must be a number of seconds.`);
    return { weight, holdMs: hold * 1000 };
  });
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]!.weight <= parsed[i - 1]!.weight)
      throw new InvalidInputException('gradualOptions.steps weights must rise from step to step.');
  }
  if (parsed[parsed.length - 1]!.weight !== 100) parsed.push({ weight: 100, holdMs: 0 });
  parsed[parsed.length - 1] = { weight: 100, holdMs: 0 };
  return parsed;
}

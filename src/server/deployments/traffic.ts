/**
 * How a deployment moves traffic: CodeDeploy's traffic routing configs, and the step schedules
 * they expand to (CodeDeploy User Guide, deployment configurations on an AWS Lambda compute platform).
 */

export type TrafficRouting =
  | { type: 'AllAtOnce' }
  | { type: 'TimeBasedCanary'; canaryPercentage: number; canaryIntervalMinutes: number }
  | { type: 'TimeBasedLinear'; linearPercentage: number; linearIntervalMinutes: number };

/** One step of a shift: the target version's share of traffic, then how long to hold it. */
export interface ShiftStep {
  /** Percent of traffic on the target version, 0-100. */
  weight: number;
  /** Wait after applying this step before the next; 0 on the last step. */
  holdMs: number;
}

export const PREDEFINED_PREFIX = 'CodeDeployDefault.';

/** The nine predefined Lambda configs, by name. */
export const PREDEFINED_LAMBDA_CONFIGS: Readonly<Record<string, TrafficRouting>> = {
  'CodeDeployDefault.LambdaAllAtOnce': { type: 'AllAtOnce' },
  'CodeDeployDefault.LambdaCanary10Percent5Minutes': canary(10, 5),
  'CodeDeployDefault.LambdaCanary10Percent10Minutes': canary(10, 10),
  'CodeDeployDefault.LambdaCanary10Percent15Minutes': canary(10, 15),
  'CodeDeployDefault.LambdaCanary10Percent30Minutes': canary(10, 30),
  'CodeDeployDefault.LambdaLinear10PercentEvery1Minute': linear(10, 1),
  'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes': linear(10, 2),
  'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes': linear(10, 3),
  'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes': linear(10, 10),
};

/** Predefined configs of the other compute platforms, listed by ListDeploymentConfigs as AWS does. */
export const PREDEFINED_OTHER_CONFIGS: Readonly<Record<string, 'Server' | 'ECS'>> = {
  'CodeDeployDefault.OneAtATime': 'Server',
  'CodeDeployDefault.HalfAtATime': 'Server',
  'CodeDeployDefault.AllAtOnce': 'Server',
  'CodeDeployDefault.ECSAllAtOnce': 'ECS',
  'CodeDeployDefault.ECSCanary10Percent5Minutes': 'ECS',
  'CodeDeployDefault.ECSCanary10Percent15Minutes': 'ECS',
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': 'ECS',
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': 'ECS',
};

export const DEFAULT_LAMBDA_CONFIG = 'CodeDeployDefault.LambdaAllAtOnce';

function canary(canaryPercentage: number, canaryIntervalMinutes: number): TrafficRouting {
  return { type: 'TimeBasedCanary', canaryPercentage, canaryIntervalMinutes };
}

function linear(linearPercentage: number, linearIntervalMinutes: number): TrafficRouting {
  return { type: 'TimeBasedLinear', linearPercentage, linearIntervalMinutes };
}

const MINUTE_MS = 60_000;
/** Longest time CodeDeploy allows between the first and the last shift of a Lambda deployment. */
export const MAX_SHIFT_MINUTES = 2880;

/**
 * Expands a routing config into steps: canary p/I -> p% for I, then 100%; linear p/I -> p%, 2p%,
 * ... each held I, then 100% (no wait after the last shift).
 */
export function scheduleOf(routing: TrafficRouting): ShiftStep[] {
  switch (routing.type) {
    case 'AllAtOnce':
      return [{ weight: 100, holdMs: 0 }];
    case 'TimeBasedCanary':
      return [
        { weight: routing.canaryPercentage, holdMs: routing.canaryIntervalMinutes * MINUTE_MS },
        { weight: 100, holdMs: 0 },
      ];
    case 'TimeBasedLinear': {
      const n = Math.ceil(100 / routing.linearPercentage);
      return Array.from({ length: n }, (_, i) => {
        const last = i === n - 1;
        return {
          weight: last ? 100 : (i + 1) * routing.linearPercentage,
          holdMs: last ? 0 : routing.linearIntervalMinutes * MINUTE_MS,
        };
      });
    }
  }
}

/** Why a custom routing config is invalid, or undefined if it is fine. */
export function routingProblem(routing: TrafficRouting): string | undefined {
  if (routing.type === 'AllAtOnce') return undefined;
  const [percentage, interval] =
    routing.type === 'TimeBasedCanary'
      ? [routing.canaryPercentage, routing.canaryIntervalMinutes]
      : [routing.linearPercentage, routing.linearIntervalMinutes];
  if (!Number.isInteger(percentage) || percentage < 1 || percentage > 99) {
    return 'The traffic percentage must be an integer between 1 and 99.';
  }
  if (!Number.isInteger(interval) || interval < 1)
    return 'The interval must be a positive whole number of minutes.';
  const shiftMinutes = scheduleOf(routing).reduce((total, step) => total + step.holdMs, 0) / MINUTE_MS;
  if (shiftMinutes > MAX_SHIFT_MINUTES) {
    return `The time between the first and last traffic shift (${shiftMinutes} minutes) exceeds the maximum of ${MAX_SHIFT_MINUTES} minutes.`;
  }
  return undefined;
}

/** The seed's simple deploy workflow weights: `steps` increments, linear or exponential, ending at 100. */
export function weightFunction(
  type: 'linear' | 'exponential',
  steps: number,
  intervalMs: number,
): ShiftStep[] {
  const weights = Array.from({ length: steps }, (_, i) => {
    const k = i + 1;
    if (k === steps) return 100;
    // Exponential doubles from 100 / 2^(steps-1): e.g. 4 steps -> 12.5, 25, 50, 100.
    const w = type === 'linear' ? (100 * k) / steps : 100 / 2 ** (steps - k);
    return Math.round(w * 100) / 100;
  });
  return weights.map((weight, i) => ({ weight, holdMs: i === steps - 1 ? 0 : intervalMs }));
}

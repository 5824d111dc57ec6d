import type { Plan, PlanStep } from '../../contracts/plan.js';
import type { ShiftStep } from './traffic.js';

export type { Detection, Plan, PlanStep } from '../../contracts/plan.js';

/**
 * Previews a schedule: when each step starts, how many requests the new version sees in it at
 * `requestsPerSecond`, and the worst-case exposure — every request sent to the new version before
 * it takes all traffic.
 */
export function planOf(
  schedule: readonly ShiftStep[],
  requestsPerSecond: number,
  minInvocations?: number,
): Plan {
  let at = 0;
  const steps = schedule.map((s) => {
    const step: PlanStep = {
      weight: s.weight,
      startsAtMs: at,
      holdMs: s.holdMs,
      expectedOnTarget: Math.round((requestsPerSecond * (s.weight / 100) * s.holdMs) / 1000),
    };
    at += s.holdMs;
    return step;
  });
  const beforeFull = steps.filter((s) => s.weight < 100);
  // The share depends on the schedule alone; only the request count scales with the rate.
  const weightedMs = beforeFull.reduce((sum, s) => sum + (s.weight / 100) * s.holdMs, 0);
  return {
    steps,
    shiftMs: at,
    worstCaseExposure: {
      requests: Math.round((requestsPerSecond * weightedMs) / 1000),
      percentOfTraffic: at > 0 ? Math.round((weightedMs / at) * 10000) / 100 : 0,
    },
    ...(minInvocations !== undefined
      ? {
          sample: {
            minInvocations,
            stepsShort: beforeFull.filter((s) => s.expectedOnTarget < minInvocations).map((s) => s.weight),
          },
        }
      : {}),
    requestsPerSecond,
  };
}

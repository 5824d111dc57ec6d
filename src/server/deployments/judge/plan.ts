import { ratioAlpha } from './checks.js';
import type { JudgeConfig } from './config.js';
import { rateRatioTest, type Stratum } from './rate-ratio.js';

/**
 * For `gradual plan`: how much traffic and time the error check needs to detect a given
 * regression, on a given schedule and traffic, with the expected counts (about the median
 * run: half of real runs detect sooner, half later).
 */

export interface DetectionQuestion {
  /** Requests per second through the alias. */
  rps: number;
  /** Percent on the new version and how long each step holds (the last is 100). */
  schedule: readonly { weight: number; holdMs: number }[];
  /** The current version's error rate. */
  baseRate: number;
  /** The new version's rate over the current one's (2% over 0.3%: 6.7). */
  ratio: number;
}

export interface Detection {
  /** From the first shift; undefined when the schedule ends first. */
  afterMs: number | undefined;
  /** Requests the new version serves before then (its users). */
  targetRequests: number;
  targetErrors: number;
}

const LOOK_MS = 10_000;

export function timeToDetect(config: JudgeConfig, q: DetectionQuestion): Detection {
  if (!config.errors) return { afterMs: undefined, targetRequests: 0, targetErrors: 0 };
  const checks = 1 + (config.latency?.quantiles.length ?? 0) + config.metrics.length;
  // The error check's share of alpha, as the judge spends it.
  const alpha = ratioAlpha(config.alpha / checks, config.errors.passWithin);
  const limit = 1 + config.errors.tolerance.relative;
  const strata: Stratum[] = [];
  let elapsed = 0;
  let target = { requests: 0, errors: 0 };
  for (const step of q.schedule) {
    if (step.weight >= 100) break;
    const w = step.weight / 100;
    for (let t = LOOK_MS; t <= step.holdMs; t += LOOK_MS) {
      const seconds = t / 1000;
      const stratum: Stratum = {
        current: { invocations: q.rps * (1 - w) * seconds, errors: q.rps * (1 - w) * seconds * q.baseRate },
        target: { invocations: q.rps * w * seconds, errors: q.rps * w * seconds * q.baseRate * q.ratio },
      };
      const now = {
        requests: target.requests + stratum.target.invocations,
        errors: target.errors + stratum.target.errors,
      };
      if (rateRatioTest([...strata, stratum]).bounds(alpha).lower > limit) {
        return {
          afterMs: elapsed + t,
          targetRequests: Math.round(now.requests),
          targetErrors: Math.round(now.errors),
        };
      }
      if (t + LOOK_MS > step.holdMs) {
        strata.push(stratum);
        target = now;
      }
    }
    elapsed += step.holdMs;
  }
  return {
    afterMs: undefined,
    targetRequests: Math.round(target.requests),
    targetErrors: Math.round(target.errors),
  };
}

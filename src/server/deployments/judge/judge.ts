import type { CheckEvidence, Judgement, Verdict } from '../../../contracts/judgement.js';
import { checksOf, type CheckSpec, type JudgeInput } from './checks.js';
import { alwaysValidP, type Bounds } from './compare.js';
import type { JudgeConfig } from './config.js';

export type { CheckEvidence, Judgement, VersionFigures } from '../../../contracts/judgement.js';

/**
 * The judge: a pure function of both versions' observations over the same window and the
 * configuration. Each check compares time-uniform confidence bounds, so the judge may be asked
 * at every step (or every second) without rolling back more often than `alpha` says.
 */

export interface JudgeOptions {
  /** Compute p-values (about a millisecond per check); verdicts do not need them. */
  pValues: boolean;
}

function finite(b: Bounds): { estimate: number | null; lower: number; upper: number | null } {
  return {
    estimate: b.estimate !== undefined && Number.isFinite(b.estimate) ? b.estimate : null,
    lower: b.lower,
    upper: Number.isFinite(b.upper) ? b.upper : null,
  };
}

function evaluate(spec: CheckSpec, alpha: number, options: JudgeOptions): CheckEvidence {
  const base = {
    check: spec.name,
    kind: spec.kind,
    unit: spec.unit,
    direction: spec.direction,
    tolerance: spec.tolerance,
    confidence: 1 - alpha,
  };
  const at = spec.at;
  if (!at) {
    return {
      ...base,
      verdict: 'not-yet',
      current: { n: spec.samples.current, estimate: null, lower: 0, upper: null },
      target: { n: spec.samples.target, estimate: null, lower: 0, upper: null },
      ratio: { estimate: null, lower: 0, upper: null },
      pWorse: null,
      pNoWorse: null,
      ...(spec.note ? { note: spec.note } : {}),
    };
  }
  const outcome = at(alpha);
  const p = (wanted: 'fail' | 'pass') =>
    options.pValues ? alwaysValidP((a) => at(a).verdict, wanted) : null;
  return {
    ...base,
    verdict: outcome.verdict,
    current: { n: spec.samples.current, ...finite(outcome.current) },
    target: { n: spec.samples.target, ...finite(outcome.target) },
    ratio: finite(outcome.ratio),
    pWorse: p('fail'),
    pNoWorse: p('pass'),
  };
}

export function judge(
  config: JudgeConfig,
  input: JudgeInput,
  options: JudgeOptions = { pValues: true },
): Judgement {
  const specs = checksOf(config, input);
  // Bonferroni: the checks share alpha, so any of them failing wrongly stays within it.
  const alpha = config.alpha / Math.max(1, specs.length);
  const checks = specs.map((spec) => evaluate(spec, alpha, options));
  const verdict: Verdict = checks.some((c) => c.verdict === 'fail')
    ? 'fail'
    : checks.length > 0 && checks.every((c) => c.verdict === 'pass')
      ? 'pass'
      : 'not-yet';
  return { verdict, checks };
}

/**
 * Early promotion (opt-in): the current step may end now if every check passes and the step has
 * run its minimum time and served its minimum sample on the new version.
 */
export function mayEndStepEarly(
  config: JudgeConfig,
  judgement: Judgement,
  step: { elapsedMs: number; targetInvocations: number },
): boolean {
  const early = config.earlyPromotion;
  return (
    early !== undefined &&
    judgement.verdict === 'pass' &&
    step.elapsedMs >= early.minStepMs &&
    step.targetInvocations >= early.minInvocations
  );
}

import type { CheckEvidence, Judgement } from './judge.js';

/** The judge's evidence in words, for the decision log, the rollback reason and the CLI. */

function figure(value: number | null, unit: CheckEvidence['unit']): string {
  if (value === null) return '-';
  switch (unit) {
    case 'rate': {
      const percent = value * 100;
      return `${percent < 1 && percent > 0 ? percent.toFixed(2) : percent.toFixed(1)}%`;
    }
    case 'ms':
      return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
    case 'value':
      return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(3)));
  }
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

function tolerated(e: CheckEvidence): string {
  const rel = `${Math.round(e.tolerance.relative * 100)}%`;
  if (e.tolerance.absolute === 0) return rel;
  const abs =
    e.unit === 'rate'
      ? `${Number((e.tolerance.absolute * 100).toPrecision(3))} points`
      : figure(e.tolerance.absolute, e.unit);
  return `${rel} or ${abs}`;
}

/** `errors 1.9% vs 0.3% (tolerated 20% or 0.1 points), p < 0.001` */
export function describeCheck(e: CheckEvidence): string {
  const head = `${e.check} ${figure(e.target.estimate, e.unit)} vs ${figure(e.current.estimate, e.unit)}`;
  if (e.note) return `${e.check}: ${e.note}`;
  const p = e.verdict === 'pass' ? e.pNoWorse : e.pWorse;
  return `${head} (tolerated ${tolerated(e)}${e.direction === 'decrease' ? ' lower' : ''})${p === null ? '' : `, ${formatP(p)}`}`;
}

const ARROW = { fail: 'roll back', pass: 'no worse', 'not-yet': 'not yet' } as const;

/** `judge: errors 1.9% vs 0.3%, p < 0.001 -> roll back`: the deciding checks, or all of them. */
export function describeJudgement(j: Judgement): string {
  const deciding =
    j.verdict === 'fail' ? j.checks.filter((c) => c.verdict === 'fail') : j.checks.filter((c) => !c.note);
  const shown = deciding.length > 0 ? deciding : j.checks;
  return `judge: ${shown.map(describeCheck).join('; ')} -> ${ARROW[j.verdict]}`;
}

/** The ALARM_ACTIVE-style message a failed judgement stops the deployment with. */
export function rollbackMessage(j: Judgement, current: string, target: string): string {
  const failed = j.checks.filter((c) => c.verdict === 'fail').map(describeCheck);
  return `The judge found version ${target} worse than version ${current} over the same window, and the deployment was stopped: ${failed.join('; ')}.`;
}

/**
 * The judge's verdicts and evidence as every reader sees them (server, CLI, dashboard), and the
 * words they are shown in. The statistics behind them are in src/server/deployments/judge/.
 */

export type Verdict = 'pass' | 'fail' | 'not-yet';

/** Which way is worse: 'increase' for errors and latency, 'decrease' for, say, orders placed. */
export type Direction = 'increase' | 'decrease';

/** How much worse the new version may be and still be fine: relative and absolute, whichever is larger. */
export interface Tolerance {
  /** 0.2: up to 20% worse. */
  relative: number;
  /** In the check's unit: 5 on a latency is 5 ms. */
  absolute: number;
}

export type CheckKind = 'errors' | 'latency' | 'metric';
/** How figures print: 'rate' as a percentage, 'ms', or a plain value. */
export type CheckUnit = 'rate' | 'ms' | 'value';

export interface VersionFigures {
  n: number;
  estimate: number | null;
  lower: number;
  /** null: not bounded yet (too few observations for this quantile). */
  upper: number | null;
}

/** One check's answer and its evidence, as the decision log keeps it. */
export interface CheckEvidence {
  check: string;
  kind: CheckKind;
  unit: CheckUnit;
  verdict: Verdict;
  direction: Direction;
  tolerance: Tolerance;
  /** 1 - this check's share of alpha. */
  confidence: number;
  current: VersionFigures;
  target: VersionFigures;
  /** The new version's value over the current one's, with its bounds. */
  ratio: { estimate: number | null; lower: number; upper: number | null };
  /** Always-valid p-value against "no worse than tolerated" (small: fail). */
  pWorse: number | null;
  /** Always-valid p-value against "worse than tolerated" (small: pass). */
  pNoWorse: number | null;
  note?: string;
}

export interface Judgement {
  /** fail if any check fails; pass if every check passes; else not-yet. */
  verdict: Verdict;
  checks: CheckEvidence[];
}

// The evidence in words, for the decision log, the rollback reason, the CLI and the dashboard.

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

import type { Deployment } from './model.js';

/**
 * The windows the judge compares the versions over: from the first shift to now, cut at every
 * shift (each step has one traffic split, so errors are counted per step). Read from the
 * decision log's `shifted` entries; undefined before traffic is split or without a judge.
 */
export function judgeWindows(
  d: Deployment,
  now: number,
): { from: number; to: number; steps: { from: number; to: number }[] } | undefined {
  if (!d.options.judge || d.isRollback || d.phase.kind !== 'shifting' || d.phase.appliedAt === undefined)
    return undefined;
  const starts = d.log.filter((e) => e.event === 'shifted' && (e.weight ?? 100) < 100).map((e) => e.at);
  if (starts.length === 0) return undefined;
  const steps = starts.map((from, i) => ({ from, to: starts[i + 1] ?? now }));
  return { from: starts[0]!, to: now, steps };
}

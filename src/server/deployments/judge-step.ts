import type { Ending } from './endings.js';
import { describeJudgement, rollbackMessage } from './judge/describe.js';
import { judge, mayEndStepEarly, type Judgement } from './judge/judge.js';
import type { DecisionEntry, Deployment, StartedDeployment } from './model.js';
import type { Observations } from './observations.js';

/** How often the judge looks while traffic is split (it may look as often as it likes). */
export const JUDGE_LOOK_MS = 10_000;

/**
 * The judge's part of a shift step, decided purely: roll back (like an alarm), end the step
 * early (opt-in), or carry on with the latest judgement kept on the deployment. The decision log
 * gets an entry when the judge decides or when any check's verdict changes.
 */
export type JudgeDecision =
  | { kind: 'none' }
  | { kind: 'rollback'; next: StartedDeployment; ending: Ending }
  | { kind: 'early'; next: StartedDeployment }
  | { kind: 'continue'; next: StartedDeployment };

function verdicts(j: Judgement): string {
  return j.checks.map((c) => `${c.check}:${c.verdict}`).join(',');
}

function lastLogged(d: Deployment): Judgement | undefined {
  for (let i = d.log.length - 1; i >= 0; i--) {
    const entry = d.log[i]!;
    if (entry.event === 'shifted') return undefined;
    if (entry.judge) return entry.judge;
  }
  return undefined;
}

export function consultJudge(d: StartedDeployment, obs: Observations, now: number): JudgeDecision {
  const config = d.options.judge;
  if (!config || !obs.judge || d.phase.kind !== 'shifting' || d.phase.appliedAt === undefined)
    return { kind: 'none' };
  const result = judge(config, obs.judge);
  const weight = d.schedule[d.phase.step]!.weight;
  const judged: StartedDeployment = { ...d, judgement: { at: now, result } };
  const entry = (event: 'judge' | 'judge-passed' | 'judge-failed', reason: string): DecisionEntry => ({
    at: now,
    event,
    weight,
    observed: { ...obs.invocations },
    judge: result,
    reason,
  });
  const withEntry = (e: DecisionEntry): StartedDeployment => ({ ...judged, log: [...judged.log, e] });
  const spec = d.spec;
  if (result.verdict === 'fail') {
    const message = rollbackMessage(result, spec.currentVersion, spec.targetVersion);
    return {
      kind: 'rollback',
      next: withEntry(entry('judge-failed', describeJudgement(result))),
      ending: { status: 'Stopped', code: 'ALARM_ACTIVE', message, trigger: 'DEPLOYMENT_STOP_ON_ALARM' },
    };
  }
  const step = { elapsedMs: now - d.phase.appliedAt, targetInvocations: obs.invocations.target };
  if (mayEndStepEarly(config, result, step)) {
    const reason = `Step ${d.phase.step + 1} ended early: ${describeJudgement(result)}.`;
    return { kind: 'early', next: withEntry(entry('judge-passed', reason)) };
  }
  const previous = lastLogged(d);
  const changed =
    previous === undefined
      ? result.checks.some((c) => c.verdict !== 'not-yet')
      : verdicts(previous) !== verdicts(result);
  return { kind: 'continue', next: changed ? withEntry(entry('judge', describeJudgement(result))) : judged };
}

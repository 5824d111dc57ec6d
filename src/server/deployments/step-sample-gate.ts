import { isHoldingForSample } from '../../contracts/deployment-view.js';
import { end } from './endings.js';
import type { StartedDeployment } from './model.js';
import type { Observations } from './observations.js';
import { formatMs, log } from './step-log.js';
import { failure, finish, type StepContext, type StepResult } from './step-result.js';

/** How often a held step re-checks its sample while waiting for traffic. */
export const SAMPLE_RECHECK_MS = 1000;

/**
 * A step whose hold is over, under the sample gate (the fewest invocations of the new version
 * that judge a step): it fails the deployment, holds it for more traffic, or lets it advance,
 * saying on what grounds.
 */
export function sampleGate(
  d: StartedDeployment,
  obs: Observations,
  ctx: StepContext,
  due: number,
): StepResult | { advance: string } {
  if (d.phase.kind !== 'shifting') throw new Error('not shifting');
  const current = d.schedule[d.phase.step]!;
  const gate = d.options.sampleGate;
  if (!gate) return { advance: 'hold elapsed' };
  const seen = obs.invocations.target;
  if (seen >= gate.minInvocations) return { advance: `sample met (${seen}/${gate.minInvocations})` };
  const observed = { ...obs.invocations };
  const short = `version ${d.spec.targetVersion} served ${seen} of the ${gate.minInvocations} invocations required at ${current.weight}%`;
  if (gate.policy === 'fail' || (gate.policy === 'hold' && ctx.now >= due + gate.maxHoldMs)) {
    const message =
      gate.policy === 'hold'
        ? `Not enough traffic to judge the new version: ${short} after holding ${formatMs(current.holdMs + gate.maxHoldMs)}.`
        : `Not enough traffic to judge the new version: ${short}.`;
    return finish(
      end(
        log(d, { at: ctx.now, event: 'sample-short', weight: current.weight, observed, reason: message }),
        failure('HEALTH_CONSTRAINTS', message),
        ctx.now,
        ctx.newDeploymentId,
      ),
    );
  }
  if (gate.policy === 'hold') {
    const next = isHoldingForSample(d.log)
      ? d
      : log(d, {
          at: ctx.now,
          event: 'holding',
          weight: current.weight,
          observed,
          reason: `Holding: ${short}.`,
        });
    return { next, effects: [], wakeAt: Math.min(due + gate.maxHoldMs, ctx.now + SAMPLE_RECHECK_MS) };
  }
  return { advance: `passed without a full sample (${seen}/${gate.minInvocations}; policy pass)` };
}

import { h } from './dom.js';
import { duration, percent, time } from './format.js';

const TERMINAL = ['Succeeded', 'Failed', 'Stopped'];

/** @typedef {import('../../../../contracts/deployment-view.js').DeploymentView} DeploymentView */

/**
 * Each step's state: `done`, `current` (held now, with how far through its hold), `todo`,
 * `stopped` (the step the deployment ended in) or `skipped`; `gradual.stepsAppliedAt` says when
 * each step's weight was applied.
 * @param {DeploymentView} deployment
 * @param {number} now
 */
export function stepStates(deployment, now) {
  const g = deployment.gradual;
  const applied = g.stepsAppliedAt;
  const status = deployment.status;
  const terminal = TERMINAL.includes(status);
  const afterHook = g.lifecycleEvents.AfterAllowTraffic.status;
  return g.schedule.map((step, i) => {
    const appliedAt = applied[i];
    const holdMs = step.holdSeconds * 1000;
    let state;
    if (status === 'Succeeded') state = 'done';
    else if (terminal)
      state = i < applied.length - 1 ? 'done' : i === applied.length - 1 ? 'stopped' : 'skipped';
    else if (g.phase === 'shifting')
      state = i < g.currentStep ? 'done' : i === g.currentStep ? 'current' : 'todo';
    else if (g.phase === 'hook' && afterHook !== 'Pending') state = 'done';
    else state = 'todo';
    // How far through its hold the step got: until now for the current one, until the end for the last.
    const until =
      state === 'current' ? now : state === 'stopped' ? (deployment.completeTime ?? 0) * 1000 : undefined;
    const heldMs = until !== undefined && appliedAt !== undefined ? until - appliedAt : undefined;
    const progress =
      heldMs !== undefined && holdMs > 0 ? Math.min(1, Math.max(0, heldMs / holdMs)) : undefined;
    return { ...step, index: i, state, appliedAt, holdMs, progress, heldMs };
  });
}

function hookBlock(name, event) {
  const status = event.status;
  return h(
    'li',
    {
      class: `tl-hook tl-${status.toLowerCase()}`,
      title: event.diagnostics?.message ?? `${name}: ${status}`,
    },
    h('span', { class: 'tl-weight' }, name.replace('AllowTraffic', '')),
    h('span', { class: 'tl-sub' }, status),
  );
}

const STATE_TEXT = {
  done: 'done',
  current: 'now',
  todo: 'to come',
  stopped: 'ended here',
  skipped: 'skipped',
};

/**
 * The schedule as a strip: hooks at either end, a block per step sized by its hold.
 * @param {DeploymentView} deployment
 * @param {number} now
 */
export function timeline(deployment, now) {
  const g = deployment.gradual;
  const steps = stepStates(deployment, now);
  const holding = g.holdingForSample && !TERMINAL.includes(deployment.status);
  const longest = Math.max(...steps.map((s) => s.holdMs), 1);
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Deployment schedule' },
    hookBlock('BeforeAllowTraffic', g.lifecycleEvents.BeforeAllowTraffic),
    steps.map((s) =>
      h(
        'li',
        {
          class: `tl-step tl-${s.state}`,
          style: { flexGrow: String(1 + (3 * s.holdMs) / longest) },
          dataset: { step: String(s.index + 1), state: s.state, weight: String(s.weight) },
          title: s.appliedAt ? `applied at ${time(s.appliedAt)}` : STATE_TEXT[s.state],
        },
        s.progress !== undefined
          ? h('span', { class: 'tl-progress', style: { width: `${Math.round(s.progress * 100)}%` } })
          : null,
        h('span', { class: 'tl-weight' }, percent(s.weight)),
        h(
          'span',
          { class: 'tl-sub' },
          s.state === 'current' && holding
            ? 'holding for sample'
            : s.state === 'current' && s.heldMs !== undefined && s.holdMs > 0
              ? `${duration(s.holdMs - s.heldMs)} left`
              : s.state === 'stopped' && s.heldMs !== undefined
                ? `ended after ${duration(s.heldMs)}`
                : s.holdMs > 0
                  ? `hold ${duration(s.holdMs)}`
                  : STATE_TEXT[s.state],
        ),
      ),
    ),
    hookBlock('AfterAllowTraffic', g.lifecycleEvents.AfterAllowTraffic),
  );
}

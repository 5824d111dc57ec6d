import { describeJudgement } from '../../../contracts/judgement.js';
import {
  isFinal,
  reasonOf,
  untilNextStep,
  type DeploymentView,
  type FunctionProgress,
  type VersionCounts,
} from './model.js';

/** Pure rendering of the progress view: a redrawn screen for terminals, event lines otherwise. */

/** `1h 05m`, `4m 12s`, `9s`: how long, to the second. */
export function formatDuration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Cuts a line to `width` columns, marking the cut. */
export function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

/** Words wrapped to `width`, at most `max` lines. */
export function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length > max) {
    const kept = lines.slice(0, max);
    kept[max - 1] = fit(`${kept[max - 1]} ${lines.slice(max).join(' ')}`, width);
    return kept;
  }
  return lines;
}

/** The split as a bar: the old version's share on the left (░), the new one's growing from the right (█). */
export function weightBar(targetWeight: number, width: number): string {
  const filled = Math.round((targetWeight / 100) * width);
  const shown = targetWeight > 0 && targetWeight < 100 ? Math.min(width - 1, Math.max(1, filled)) : filled;
  return '░'.repeat(width - shown) + '█'.repeat(shown);
}

/** A weight as people write it: 10, 33.33 (never 66.66999999). */
function percent(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function counts(label: string, c: VersionCounts): string {
  const rate =
    c.invocations > 0 && c.errors > 0 ? ` (${((c.errors / c.invocations) * 100).toFixed(1)}%)` : '';
  return `${label} ${c.invocations} inv, ${c.errors} err${rate}`;
}

/** The counts' window: a minute of the server's clock, which a rehearsal runs faster (and says so). */
function lastMinute(view: DeploymentView): string {
  const scale = view.timeScale ?? 1;
  return scale === 1 ? 'last min' : `last min (${scale}x clock)`;
}

function versions(view: DeploymentView): { from: string; to: string } {
  const target = view.gradual.target;
  return { from: target?.currentVersion ?? '?', to: target?.targetVersion ?? '?' };
}

function statusLine(p: FunctionProgress, view: DeploymentView, wallNow: number): string {
  const g = view.gradual;
  if (isFinal(view.status)) {
    if (view.status === 'Succeeded') return `Succeeded: all traffic on v${versions(view).to}`;
    const rollback = p.rollback;
    if (rollback)
      return `${view.status}, ${isFinal(rollback.status) ? 'rolled back' : 'rolling back'} to v${versions(view).from}`;
    return view.status;
  }
  const parts: string[] = [p.stopping ? 'Stopping' : view.status];
  if (g.phase === 'hook') {
    const running = g.hooks.find((h) => h.status === 'Pending');
    parts.push(running ? `hook ${running.event} running` : 'hook');
  } else if (g.currentStep !== null) {
    parts.push(`step ${g.currentStep + 1} of ${g.schedule.length}`);
    const left = untilNextStep(p, wallNow);
    // A step held for its minimum sample waits for traffic, not for the clock.
    const step = g.schedule[g.currentStep];
    if (g.stepStartedAt == null && step) parts.push(`shifting to ${percent(step.weight)}%`);
    else if (g.holdingForSample) parts.push('holding for traffic');
    else if (left !== undefined) parts.push(`next in ${formatDuration(left)}`);
  } else if (view.status === 'Created' || g.phase === 'created') parts.push('starting');
  return parts.join(' · ');
}

/** One function's block: title, bar, alarms and hooks, counts, and why it ended badly. */
export function renderFunction(p: FunctionProgress, wallNow: number, width: number): string[] {
  const { functionName, alias, deploymentId } = p.watched;
  const view = p.view;
  const title = `${functionName}:${alias}  ${deploymentId}`;
  if (!view) return [fit(`${title}  ${p.problem ?? 'connecting…'}`, width)];
  const { from, to } = versions(view);
  // After a rollback, the alias is back on the old version whatever the deployment last set.
  const rolledBack = p.rollback && isFinal(p.rollback.status) && p.rollback.status === 'Succeeded';
  const weight = rolledBack ? 0 : view.gradual.targetWeight;
  const lines = [fit(`${title}  ${statusLine(p, view, wallNow)}`, width)];
  const left = `  v${from} ${percent(100 - weight).padStart(3)}% `;
  const right = ` ${percent(weight).padStart(3)}% v${to}`;
  const barWidth = Math.max(10, Math.min(50, width - left.length - right.length));
  lines.push(fit(`${left}${weightBar(weight, barWidth)}${right}`, width));
  const alarmNames = view.gradual.alarms.enabled ? view.gradual.alarms.alarms : [];
  const alarms = alarmNames.length ? alarmNames.map((n) => `${n} ${p.alarms[n] ?? '…'}`).join(', ') : 'none';
  const hooks = view.gradual.hooks.length
    ? view.gradual.hooks.map((h) => `${h.event} ${h.status}`).join(', ')
    : 'none';
  const both = `  alarms: ${alarms}   hooks: ${hooks}`;
  // One line when it fits, else a line each, so no alarm state is cut off.
  if (both.length <= width) lines.push(both);
  else lines.push(fit(`  alarms: ${alarms}`, width), fit(`  hooks: ${hooks}`, width));
  if (p.counts) {
    lines.push(
      fit(
        `  ${lastMinute(view)}  ${counts(`v${from}`, p.counts.current)}   ${counts(`v${to}`, p.counts.target)}`,
        width,
      ),
    );
  }
  // The judge's latest look: "judge: errors 1.9% vs 0.30% (tolerated 20%), p < 0.001 -> roll back".
  const judgement = view.gradual.judgement;
  if (judgement) lines.push(...wrap(describeJudgement(judgement.result), width - 2, 2).map((l) => `  ${l}`));
  const reason = reasonOf(view);
  if (reason && isFinal(view.status)) lines.push(...wrap(reason, width - 2, 3).map((l) => `  ${l}`));
  if (p.problem) lines.push(fit(`  (${p.problem})`, width));
  return lines;
}

/** The whole screen: one block per function, then what Ctrl-C does while anything runs. */
export function renderScreen(
  progress: readonly FunctionProgress[],
  options: { wallNow: number; width: number; height?: number; prompt?: string; interruptible: boolean },
): string[] {
  const width = Math.max(40, options.width);
  const running = progress.some((p) => !isFinal(p.view?.status));
  const scale = progress.find((p) => p.view?.timeScale && p.view.timeScale !== 1)?.view?.timeScale;
  const footer: string[] = [];
  if (options.prompt) footer.push('', fit(options.prompt, width));
  else if (running && options.interruptible)
    footer.push('', fit(`Ctrl-C: stop and roll back${scale ? `   (time runs ×${scale})` : ''}`, width));
  const blocks: string[] = [];
  progress.forEach((p, i) => {
    if (i > 0) blocks.push('');
    blocks.push(...renderFunction(p, options.wallNow, width));
  });
  // Cursor-up cannot reach above the screen: a frame taller than it is drawn one line a function.
  const room = options.height === undefined ? Infinity : options.height - 1 - footer.length;
  if (blocks.length <= room) return [...blocks, ...footer];
  const compact = progress.map((p) => compactLine(p, options.wallNow, width));
  if (compact.length > room) {
    const shown = Math.max(0, room - 1);
    compact.splice(shown, compact.length - shown, `… and ${progress.length - shown} more`);
  }
  return [...compact, ...footer];
}

/** One function on one line: name, status and step, and the split. */
export function compactLine(p: FunctionProgress, wallNow: number, width: number): string {
  const { functionName, alias } = p.watched;
  const view = p.view;
  if (!view) return fit(`${functionName}:${alias}  ${p.problem ?? 'connecting…'}`, width);
  const { from, to } = versions(view);
  const rolledBack = p.rollback?.status === 'Succeeded';
  const weight = rolledBack ? 0 : view.gradual.targetWeight;
  const split = `v${from} ${percent(100 - weight)}% v${to} ${percent(weight)}%`;
  return fit(`${functionName}:${alias}  ${split}  ${statusLine(p, view, wallNow)}`, width);
}

/** What changed between two states of one function, one line per event (for logs and pipes). */
export function eventLines(before: FunctionProgress | undefined, after: FunctionProgress): string[] {
  const prefix = `${after.watched.functionName}:${after.watched.alias}`;
  const lines: string[] = [];
  const logLines = (prev: DeploymentView | undefined, next: DeploymentView | undefined): void => {
    if (!next) return;
    const seen = prev?.deploymentId === next.deploymentId ? prev.gradual.decisionLog.length : 0;
    for (const entry of next.gradual.decisionLog.slice(seen))
      lines.push(`${prefix} ${next.deploymentId} ${entry.event}: ${entry.reason}`);
  };
  // Alarm changes first: an alarm read with a view is what caused that view's stop.
  for (const [name, state] of Object.entries(after.alarms)) {
    const was = before?.alarms[name];
    if (was !== state) lines.push(`${prefix} alarm ${name}: ${was ? `${was} -> ` : ''}${state}`);
  }
  logLines(before?.view, after.view);
  logLines(before?.rollback, after.rollback);
  if (after.problem && after.problem !== before?.problem) lines.push(`${prefix} ${after.problem}`);
  return lines;
}

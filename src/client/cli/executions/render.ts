import type { EventView, ExecutionSummaryView, ExecutionView } from '../../sdk/executions.js';
import { fit, formatDuration, wrap } from '../progress/render.js';
import { table } from '../table.js';
import { activeRows, isEnded, stateRows, type RowStatus, type StateRow } from './model.js';

/** Pure rendering of executions: the list, one in full, the live view and its event lines. */

export const time = (ms: number | undefined, withMs = false): string =>
  ms === undefined
    ? '-'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(withMs ? /Z$/ : /\.\d+Z$/, 'Z');

const MARKS: Record<RowStatus, string> = { pending: ' ', active: '▶', done: '✓', failed: '✗' };

const titleOf = (v: Pick<ExecutionView, 'machineName' | 'name'>): string => `${v.machineName}/${v.name}`;

export function listExecutions(executions: ExecutionSummaryView[]): string[] {
  if (executions.length === 0) return ['No executions yet.'];
  return table([
    ['EXECUTION', 'STATUS', 'STARTED', 'DURATION'],
    ...executions.map((e) => [
      `${e.machineName}/${e.name}`,
      e.status,
      time(e.startDate),
      e.stopDate === undefined ? 'running' : formatDuration(e.stopDate - e.startDate),
    ]),
  ]);
}

/** What a running execution is doing, in a few words. */
function doing(rows: StateRow[], now: number): string {
  const active = activeRows(rows);
  if (active.length === 0) return 'between states';
  return active
    .map((r) =>
      r.until !== undefined
        ? `${r.name}, ${formatDuration(Math.max(0, r.until - now))} left`
        : `in ${r.name}`,
    )
    .join(', ');
}

export function statusLine(view: ExecutionView, rows: StateRow[], now: number): string {
  if (!isEnded(view.status)) {
    return `RUNNING · ${doing(rows, now)} · ${formatDuration(Math.max(0, now - view.startDate))} so far`;
  }
  const took = formatDuration((view.stopDate ?? now) - view.startDate);
  if (view.status === 'SUCCEEDED') return `SUCCEEDED in ${took}`;
  return `${view.status} after ${took}${view.error ? `: ${view.error}` : ''}`;
}

function rowNote(r: StateRow, now: number): string {
  if (r.status === 'active' && r.until !== undefined)
    return `${formatDuration(Math.max(0, r.until - now))} left`;
  if (r.status === 'active') return r.type === 'Task' ? 'running' : '';
  return r.result ?? '';
}

/** The definition's states, one a line: done ✓, now ▶, where it failed ✗; entries; last result. */
export function stateLines(rows: StateRow[], now: number, width: number): string[] {
  const nameWidth = Math.min(28, Math.max(...rows.map((r) => r.name.length), 4));
  const typeWidth = Math.max(...rows.map((r) => r.type.length), 4);
  return rows.map((r) => {
    const count = r.entered > 0 ? `${r.entered}×`.padStart(4) : '    ';
    const line = `  ${MARKS[r.status]} ${fit(r.name, nameWidth).padEnd(nameWidth)}  ${r.type.padEnd(typeWidth)} ${count}  ${rowNote(r, now)}`;
    return fit(line.trimEnd(), width);
  });
}

/** The end, worded: the error and cause of an execution that did not succeed. */
function endLines(view: ExecutionView, width: number): string[] {
  if (!isEnded(view.status) || view.status === 'SUCCEEDED') return [];
  const lines: string[] = [];
  if (view.error) lines.push(...wrap(`error: ${view.error}`, width - 2, 2).map((l) => `  ${l}`));
  if (view.cause) lines.push(...wrap(`cause: ${view.cause}`, width - 2, 3).map((l) => `  ${l}`));
  return lines;
}

/** The live view of one execution, redrawn in place. */
export function renderWatch(
  view: ExecutionView,
  options: { now: number; width: number; timeScale?: number | undefined },
): string[] {
  const width = Math.max(40, options.width);
  const rows = stateRows(view);
  const lines = [
    fit(`${titleOf(view)}  ${statusLine(view, rows, options.now)}`, width),
    ...stateLines(rows, options.now, width),
    ...endLines(view, width),
  ];
  if (!isEnded(view.status)) {
    const scale = options.timeScale && options.timeScale !== 1 ? `   (time runs ×${options.timeScale})` : '';
    lines.push('', fit(`Ctrl-C: stop watching (the execution goes on)${scale}`, width));
  }
  return lines;
}

/** One history event in a line: id, type, the state it is about, and an error if it reports one. */
export function eventText(e: EventView): string {
  const name = typeof e.details['name'] === 'string' ? ` ${e.details['name']}` : '';
  const error = typeof e.details['error'] === 'string' ? `: ${e.details['error']}` : '';
  const cause = typeof e.details['cause'] === 'string' ? ` (${e.details['cause']})` : '';
  return `${String(e.id).padStart(4)}  ${e.type}${name}${error}${cause}`;
}

/** For logs and pipes: what is new in `after`, one line per event, and how it ended. */
export function eventLines(before: ExecutionView | undefined, after: ExecutionView): string[] {
  const seen = before?.events.length ?? 0;
  const lines = after.events
    .slice(seen)
    .map((e) => `${titleOf(after)} ${time(e.timestamp, true)} ${eventText(e).trimStart()}`);
  if (isEnded(after.status) && (!before || !isEnded(before.status))) {
    lines.push(`${titleOf(after)} ${statusLine(after, stateRows(after), after.stopDate ?? 0)}`);
  }
  return lines;
}

/** `gradual executions <execution>`: everything about it, then its history. */
export function describeExecution(
  view: ExecutionView,
  options: { now: number; width: number; events: number },
): string[] {
  const rows = stateRows(view);
  const lines = [
    `${titleOf(view)}  ${statusLine(view, rows, options.now)}`,
    `  ${view.executionArn}`,
    `  started ${time(view.startDate)}${view.stopDate !== undefined ? `, stopped ${time(view.stopDate)}` : ''}`,
    ...endLines(view, options.width),
    fit(`  input:  ${view.input}`, options.width),
  ];
  if (view.output !== undefined) lines.push(fit(`  output: ${view.output}`, options.width));
  lines.push('', 'States:', ...stateLines(rows, options.now, options.width));
  const shown = view.events.slice(-options.events);
  const hidden = view.events.length - shown.length;
  lines.push(
    '',
    hidden > 0
      ? `History (the last ${shown.length} of ${view.events.length} events; --events <n> for more):`
      : 'History:',
    ...shown.map((e) => fit(`  ${time(e.timestamp, true)}  ${eventText(e)}`, options.width)),
  );
  return lines;
}

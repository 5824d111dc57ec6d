import type { StackSummaryView, StackView } from '../../sdk/stacks.js';
import { table } from '../table.js';

const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** One line per stack: name, status, when, why. */
export function listStacks(stacks: readonly StackSummaryView[]): string[] {
  if (stacks.length === 0) return ['no stacks'];
  return table([
    ['STACK', 'STATUS', 'UPDATED (UTC)', 'REASON'],
    ...stacks.map((s) => [s.name, s.status, time(s.at), s.reason ?? '']),
  ]);
}

/**
 * A stack in full: its status, outputs, each resource with its physical id, then its latest
 * events oldest first (how the operation went, reasons included).
 */
export function describeStack(stack: StackView, events: number): string[] {
  const lines = [`${stack.name}  ${stack.status}${stack.reason ? `  (${stack.reason})` : ''}`];
  if (stack.outputs.length > 0) {
    lines.push('', 'Outputs');
    lines.push(...table(stack.outputs.map((o) => [`  ${o.key}`, o.value])));
  }
  lines.push('', 'Resources');
  lines.push(
    ...table([
      ['  LOGICAL ID', 'TYPE', 'STATUS', 'PHYSICAL ID'],
      ...stack.resources.map((r) => [`  ${r.logicalId}`, r.type, r.status, r.physicalId ?? '-']),
    ]),
  );
  const latest = stack.events.slice(0, events).reverse();
  lines.push('', `Events (latest ${latest.length} of ${stack.events.length})`);
  lines.push(...table(latest.map((e) => [`  ${time(e.at)}`, e.logicalId, e.status, e.reason ?? ''])));
  return lines;
}

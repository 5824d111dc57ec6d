import { isObject, type JsonObject } from '../json.js';
import { error, type Diagnostic, type Location } from './diagnostics.js';

interface Edge {
  target: string;
  at: Location;
}

/** Every transition a state can take, with where it is written. */
function edges(state: JsonObject, at: Location): Edge[] {
  const out: Edge[] = [];
  if (typeof state.Next === 'string') out.push({ target: state.Next, at: [...at, 'Next'] });
  if (typeof state.Default === 'string') out.push({ target: state.Default, at: [...at, 'Default'] });
  for (const field of ['Choices', 'Catch'] as const) {
    const list = state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      if (isObject(item) && typeof item.Next === 'string')
        out.push({ target: item.Next, at: [...at, field, i, 'Next'] });
    });
  }
  return out;
}

const isTerminal = (state: JsonObject): boolean =>
  state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';

/**
 * Transitions within one state machine (or branch): every target exists, every state is
 * reachable from StartAt, and some state ends the machine.
 */
export function checkGraph(startAt: string, states: Record<string, JsonObject>, at: Location): Diagnostic[] {
  const d: Diagnostic[] = [];
  if (!(startAt in states)) {
    d.push(error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${startAt}`, [...at, 'StartAt']));
  }
  for (const [name, state] of Object.entries(states)) {
    for (const edge of edges(state, [...at, 'States', name])) {
      if (!(edge.target in states)) {
        d.push(error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${edge.target}`, edge.at));
      }
    }
  }
  const reached = new Set<string>();
  const queue = startAt in states ? [startAt] : [];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    for (const edge of edges(states[name]!, [])) if (edge.target in states) queue.push(edge.target);
  }
  for (const name of Object.keys(states)) {
    if (!reached.has(name) && startAt in states) {
      d.push(
        error('MISSING_TRANSITION_TARGET', `State "${name}" is not reachable.`, [...at, 'States', name]),
      );
    }
  }
  if (!Object.values(states).some(isTerminal)) {
    d.push(error('MISSING_END_STATE', 'Workflow has no terminal state.', [...at, 'States']));
  }
  return d;
}

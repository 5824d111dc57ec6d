import type { EventView, ExecutionView } from '../../sdk/executions.js';

/**
 * What `gradual executions` shows of one execution, derived purely from what the public API
 * returned: the definition's top-level states in the order a run goes through them, each with
 * how often it was entered and how it stands, and what the execution is doing now.
 */

export type RowStatus = 'pending' | 'active' | 'done' | 'failed';

export interface StateRow {
  name: string;
  type: string;
  entered: number;
  status: RowStatus;
  /** Platform time of the last entry, ms. */
  enteredAt: number | undefined;
  /** The state's input at its last entry, and its output at its last exit (JSON text). */
  input: string | undefined;
  output: string | undefined;
  /** A Task's last result (its function's output), or `failed: <error>` when its last try failed. */
  result: string | undefined;
  /** For a Wait that is waiting: when it ends (platform time), when that can be told. */
  until: number | undefined;
}

interface StateDef {
  Type?: string;
  Next?: string;
  Default?: string;
  Choices?: { Next?: string }[];
  Catch?: { Next?: string }[];
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

interface MachineDef {
  StartAt?: string;
  States?: Record<string, StateDef>;
}

export function parseDefinition(text: string): MachineDef {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

/** States in the order a run meets them: breadth first from StartAt, then any left over. */
export function stateOrder(machine: MachineDef): string[] {
  const states = machine.States ?? {};
  const seen = new Set<string>();
  const queue = machine.StartAt ? [machine.StartAt] : [];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name) || !states[name]) continue;
    seen.add(name);
    const s = states[name];
    for (const next of [
      ...(s.Choices ?? []).map((c) => c.Next),
      s.Default,
      s.Next,
      ...(s.Catch ?? []).map((c) => c.Next),
    ])
      if (next) queue.push(next);
  }
  return [...seen, ...Object.keys(states).filter((n) => !seen.has(n))];
}

/** `$.a.b` or `$['a'].b` read from JSON text; undefined for anything fancier. */
export function readSimplePath(json: string | undefined, path: string): unknown {
  if (json === undefined || !/^\$((\.[A-Za-z0-9_-]+)|(\['[^']+'\]))*$/.test(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  for (const m of path.matchAll(/\.([A-Za-z0-9_-]+)|\['([^']+)'\]/g)) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[m[1] ?? m[2]!];
  }
  return value;
}

/** When a Wait entered at `enteredAt` with `input` ends, as its definition says. */
export function waitUntil(def: StateDef, enteredAt: number, input: string | undefined): number | undefined {
  const seconds = def.Seconds ?? (def.SecondsPath ? readSimplePath(input, def.SecondsPath) : undefined);
  if (typeof seconds === 'number') return enteredAt + seconds * 1000;
  const stamp = def.Timestamp ?? (def.TimestampPath ? readSimplePath(input, def.TimestampPath) : undefined);
  if (typeof stamp === 'string' && !Number.isNaN(Date.parse(stamp))) return Date.parse(stamp);
  return undefined;
}

const nameOf = (e: EventView): string | undefined =>
  typeof e.details['name'] === 'string' ? e.details['name'] : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const RESULTS = new Set([
  'LambdaFunctionSucceeded',
  'TaskSucceeded',
  'LambdaFunctionFailed',
  'TaskFailed',
  'LambdaFunctionTimedOut',
  'TaskTimedOut',
]);

/** The Task state a task event belongs to: back along previousEventId to its StateEntered. */
function stateOfTask(e: EventView, byId: Map<number, EventView>): string | undefined {
  let at: EventView | undefined = e;
  for (let hops = 0; at && hops < 10; hops++) {
    if (at.type === 'TaskStateEntered') return nameOf(at);
    at = byId.get(at.previousEventId);
  }
  return undefined;
}

export function stateRows(view: Pick<ExecutionView, 'definition' | 'events' | 'status'>): StateRow[] {
  const machine = parseDefinition(view.definition);
  const states = machine.States ?? {};
  const rows = new Map<string, StateRow>(
    stateOrder(machine).map((name) => [
      name,
      {
        name,
        type: states[name]?.Type ?? '?',
        entered: 0,
        status: 'pending',
        enteredAt: undefined,
        input: undefined,
        output: undefined,
        result: undefined,
        until: undefined,
      },
    ]),
  );
  const byId = new Map(view.events.map((e) => [e.id, e]));
  for (const e of view.events) {
    if (RESULTS.has(e.type)) {
      const row = rows.get(stateOfTask(e, byId) ?? '');
      const error = text(e.details['error']);
      if (row)
        row.result = e.type.endsWith('Succeeded') ? text(e.details['output']) : `failed: ${error ?? e.type}`;
      continue;
    }
    const row = rows.get(nameOf(e) ?? '');
    if (!row) continue;
    if (e.type.endsWith('StateEntered')) {
      row.entered++;
      row.status = 'active';
      row.enteredAt = e.timestamp;
      row.input = text(e.details['input']);
      row.until = row.type === 'Wait' ? waitUntil(states[row.name] ?? {}, e.timestamp, row.input) : undefined;
    } else if (e.type.endsWith('StateExited')) {
      row.status = 'done';
      row.output = text(e.details['output']);
      row.until = undefined;
    }
  }
  // What was still going when the execution ended is where it ended.
  if (view.status !== 'RUNNING') {
    for (const row of rows.values()) {
      if (row.status === 'active') row.status = view.status === 'SUCCEEDED' ? 'done' : 'failed';
      row.until = undefined;
    }
  }
  return [...rows.values()];
}

export function activeRows(rows: StateRow[]): StateRow[] {
  return rows.filter((r) => r.status === 'active');
}

/** The server's clock as last read, to tell its time now (it runs ahead under --time-scale). */
export interface ServerClock {
  serverTime: number;
  timeScale: number;
  /** Wall time when it was read. */
  readAt: number;
}

export function platformNow(clock: ServerClock | undefined, wallNow: number): number {
  if (!clock) return wallNow;
  return clock.serverTime + Math.max(0, wallNow - clock.readAt) * clock.timeScale;
}

export function isEnded(status: string): boolean {
  return status !== 'RUNNING' && status !== 'PENDING_REDRIVE';
}

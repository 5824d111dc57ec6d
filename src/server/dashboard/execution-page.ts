import type { Json } from '../states/json.js';
import type { HistoryEvent } from '../states/interpreter/events.js';
import type { ExecutionState } from '../states/interpreter/model.js';
import type { ExecutionRecord, StateMachineRecord } from '../states/records.js';
import type { Definition } from '../states/definition/types.js';
import { NotFoundException } from './errors.js';
import type { DashboardServices } from './services.js';
import { stateGraph, type StateGraph } from './state-graph.js';

/** The Step Functions pages: every execution in a list, and one with its graph and history. */

/** Executions listed at most (newest first). */
const LIST_LIMIT = 200;
/** History events a page shows (the newest); AWS keeps at most 25,000 an execution. */
const EVENTS_SHOWN = 500;
/** Input and output shown in full up to this size; the rest is cut. */
const DATA_MAX = 4096;

export interface ExecutionSummary {
  arn: string;
  name: string;
  machineName: string;
  machineArn: string;
  status: string;
  startDate: number;
  stopDate: number | undefined;
  error: string | undefined;
}

export interface ExecutionsList {
  now: number;
  timeScale: number;
  machines: { arn: string; name: string; type: string; counts: Record<string, number> }[];
  executions: ExecutionSummary[];
  moreExecutions: number;
}

export type NodeStatus = 'pending' | 'active' | 'done' | 'failed';

export interface NodeState {
  entered: number;
  status: NodeStatus;
  /** A Wait being waited out, or a Retry interval: when it ends (platform time). */
  until: number | undefined;
}

export interface EventRow {
  id: number;
  previousEventId: number;
  type: string;
  timestamp: number;
  state: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  /** The event's input, output or resource, as JSON text (cut at a few KB), and which it is. */
  data: string | undefined;
  dataKind: 'input' | 'output' | 'resource' | undefined;
}

export interface ExecutionPage {
  now: number;
  timeScale: number;
  execution: ExecutionSummary & { input: string; output: string | undefined; cause: string | undefined };
  graph: StateGraph;
  states: Record<string, NodeState>;
  /** The top-level states running now. */
  current: string[];
  events: EventRow[];
  totalEvents: number;
}

const cut = (text: string | undefined): string | undefined =>
  text === undefined || text.length <= DATA_MAX
    ? text
    : `${text.slice(0, DATA_MAX)}… (${text.length} characters)`;

function summary(e: ExecutionRecord): ExecutionSummary {
  return {
    arn: e.arn,
    name: e.name,
    machineName: e.state.info.stateMachineName,
    machineArn: e.stateMachineArn,
    status: e.status,
    startDate: e.startDate,
    stopDate: e.stopDate,
    error: e.error,
  };
}

export async function executionsList(services: DashboardServices): Promise<ExecutionsList> {
  const { machines, executions } = await services.states.store.read((r) => ({
    machines: r.machines(),
    executions: r.executions({}),
  }));
  const counts = new Map<string, Record<string, number>>();
  for (const e of executions) {
    const c = counts.get(e.stateMachineArn) ?? {};
    c[e.status] = (c[e.status] ?? 0) + 1;
    counts.set(e.stateMachineArn, c);
  }
  return {
    now: services.clock.now(),
    timeScale: services.timeScale,
    machines: machines.map((m: StateMachineRecord) => ({
      arn: m.arn,
      name: m.name,
      type: m.type,
      counts: counts.get(m.arn) ?? {},
    })),
    executions: executions.slice(0, LIST_LIMIT).map(summary),
    moreExecutions: Math.max(0, executions.length - LIST_LIMIT),
  };
}

const text = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export function eventRow(e: HistoryEvent): EventRow {
  const d = e.details?.value ?? {};
  const dataKind = (['input', 'output', 'resource'] as const).find((k) => text(d[k]) !== undefined);
  return {
    id: e.id,
    previousEventId: e.previousEventId,
    type: e.type,
    timestamp: e.timestamp,
    state: text(d['name']),
    error: text(d['error']),
    cause: cut(text(d['cause'])),
    data: cut(dataKind && text(d[dataKind])),
    dataKind,
  };
}

/** Each top-level state's entries and standing, from the history and the interpreter's state. */
export function nodeStates(
  definition: Definition,
  state: ExecutionState,
  events: readonly HistoryEvent[],
): { states: Record<string, NodeState>; current: string[] } {
  const states: Record<string, NodeState> = {};
  for (const name of Object.keys(definition.States))
    states[name] = { entered: 0, status: 'pending', until: undefined };
  for (const e of events) {
    const node = states[text(e.details?.value['name']) ?? ''];
    if (!node) continue;
    if (e.type.endsWith('StateEntered')) {
      node.entered++;
      // A Fail state has no exit: entering it is where the execution failed.
      node.status = e.type === 'FailStateEntered' ? 'failed' : 'active';
    } else if (e.type.endsWith('StateExited')) node.status = 'done';
  }
  const current: string[] = [];
  const run = state.frames.root?.run;
  if (state.status === 'RUNNING' && run && run.kind !== 'succeeded' && run.kind !== 'failed') {
    current.push(run.state);
    const node = states[run.state];
    if (node) {
      node.status = 'active';
      node.until = run.kind === 'waiting' ? run.until : 'retryAt' in run ? run.retryAt : undefined;
    }
  }
  for (const [name, node] of Object.entries(states)) {
    if (node.status !== 'active' || current.includes(name)) continue;
    // Entered and never left: where a finished execution stopped.
    node.status = state.status === 'SUCCEEDED' ? 'done' : state.status === 'RUNNING' ? 'active' : 'failed';
  }
  return { states, current };
}

export async function executionPage(services: DashboardServices, arn: string): Promise<ExecutionPage> {
  const read = await services.states.store.read((r) => {
    const execution = r.execution(arn);
    return execution && { execution, events: r.history(arn, { order: 'asc', afterId: 0, limit: 25_000 }) };
  });
  if (!read) throw new NotFoundException(`Execution Does Not Exist: '${arn}'`);
  const { execution, events } = read;
  const definition = services.states.engine.definitionOf(execution.definition);
  const { states, current } = nodeStates(definition, execution.state, events);
  return {
    now: services.clock.now(),
    timeScale: services.timeScale,
    execution: {
      ...summary(execution),
      input: cut(execution.input) ?? '',
      output: cut(execution.output),
      cause: cut(execution.cause),
    },
    graph: stateGraph(definition),
    states,
    current,
    events: events.slice(-EVENTS_SHOWN).map(eventRow),
    totalEvents: events.length,
  };
}

import { applyPath } from '../data/io.js';
import { applyTemplate } from '../data/payload-template.js';
import { mapItemSelector, type MapState, type ParallelState } from '../definition/types.js';
import { runtimeError } from '../errors/states-error.js';
import type { Json } from '../json.js';
import { compiledPath, select } from '../paths/evaluate.js';
import { inputDetails } from './events.js';
import { failActive, finishActive, guarded, retryCount, type ActiveRun } from './flow.js';
import type { Frame, Scope } from './model.js';
import type { Turn } from './turn.js';

type ParallelRun = Extract<ActiveRun, { kind: 'parallel' }>;
type MapRun = Extract<ActiveRun, { kind: 'map' }>;

/** Starts a child frame at `startAt`; its first event follows `previousEventId`. */
function spawn(
  turn: Turn,
  parent: Frame,
  slot: number,
  scope: Scope,
  startAt: string,
  input: Json,
  previousEventId: number,
): string {
  const id = turn.newId('f');
  turn.s.frames[id] = {
    id,
    scope,
    parent: { frame: parent.id, slot },
    lastEventId: previousEventId,
    run: { kind: 'entering', state: startAt, input },
  };
  return id;
}

/** Drops a frame and everything running under it (a failed sibling ended their Parallel or Map). */
export function removeFrame(turn: Turn, id: string): void {
  for (const frame of Object.values(turn.s.frames))
    if (frame.parent?.frame === id) removeFrame(turn, frame.id);
  delete turn.s.frames[id];
}

const active = (turn: Turn, name: string, input: Json, entered: number) => ({
  state: name,
  input,
  enteredEventId: entered,
  enteredAt: turn.now,
  retries: [] as number[],
  retryAt: undefined,
});

export function enterParallel(
  turn: Turn,
  frame: Frame,
  name: string,
  state: ParallelState,
  input: Json,
): void {
  const entered = turn.emit(frame, 'ParallelStateEntered', { name, ...inputDetails(input) });
  const run: ParallelRun = {
    kind: 'parallel',
    ...active(turn, name, input, entered),
    children: [],
    results: [],
  };
  frame.run = run;
  startParallel(turn, frame, run, state);
}

/** Every branch gets the state's input after InputPath and Parameters. */
function startParallel(turn: Turn, frame: Frame, run: ParallelRun, state: ParallelState): void {
  guarded(frame, run.state, run.enteredEventId, () => {
    const context = turn.context(run.state, run.enteredAt, retryCount(run));
    const effective = applyPath(state.InputPath, run.input, context);
    const parameters = state.Parameters
      ? applyTemplate(state.Parameters, effective, context, turn.env)
      : effective;
    const started = turn.emit(frame, 'ParallelStateStarted');
    const scope = (i: number): Scope => [...frame.scope, { state: run.state, branch: i }];
    const children = state.Branches.map((b, i) =>
      spawn(turn, frame, i, scope(i), b.StartAt, parameters, started),
    );
    frame.run = { ...run, retryAt: undefined, children, results: state.Branches.map(() => null) };
  });
}

export function advanceParallel(turn: Turn, frame: Frame): boolean {
  const run = frame.run;
  if (run.kind !== 'parallel') return false;
  const state = turn.stateOf(frame, run.state) as ParallelState;
  if (run.children.length === 0) {
    if (run.retryAt === undefined || turn.now < run.retryAt) return false;
    startParallel(turn, frame, run, state);
    return true;
  }
  let progressed = false;
  for (const [slot, id] of run.children.entries()) {
    const child = id ? turn.s.frames[id] : undefined;
    if (!child) continue;
    if (child.run.kind === 'succeeded') {
      run.results[slot] = child.run.output;
      run.children[slot] = null;
      frame.lastEventId = Math.max(frame.lastEventId, child.lastEventId);
      removeFrame(turn, child.id);
      progressed = true;
    } else if (child.run.kind === 'failed') {
      const { error, cause } = child.run;
      frame.lastEventId = child.lastEventId;
      for (const other of run.children) if (other) removeFrame(turn, other);
      turn.emit(frame, 'ParallelStateFailed');
      failActive(turn, frame, run, state, error, cause);
      return true;
    }
  }
  if (run.children.every((c) => !c)) {
    turn.emit(frame, 'ParallelStateSucceeded');
    finishActive(turn, frame, run, state, run.results);
    return true;
  }
  return progressed;
}

export function enterMap(turn: Turn, frame: Frame, name: string, state: MapState, input: Json): void {
  const entered = turn.emit(frame, 'MapStateEntered', { name, ...inputDetails(input) });
  const run: MapRun = {
    kind: 'map',
    ...active(turn, name, input, entered),
    effective: null,
    items: [],
    nextItem: 0,
    running: {},
    results: [],
  };
  frame.run = run;
  startMap(turn, frame, run, state);
}

/** The items are at ItemsPath in the input after InputPath; each runs the processor in a frame. */
function startMap(turn: Turn, frame: Frame, run: MapRun, state: MapState): void {
  guarded(frame, run.state, run.enteredEventId, () => {
    const context = turn.context(run.state, run.enteredAt, retryCount(run));
    const effective = applyPath(state.InputPath, run.input, context);
    let items: Json = effective;
    if (state.ItemsPath !== undefined) {
      const path = compiledPath(state.ItemsPath);
      const found = select(path, path.context ? context : effective);
      if (!found.found) throw runtimeError(`Invalid path '${state.ItemsPath}' : No results for ItemsPath`);
      items = found.value;
    }
    if (!Array.isArray(items)) {
      throw runtimeError(
        `Invalid path '${state.ItemsPath ?? '$'}' : The ItemsPath must select an array, not ${JSON.stringify(items)}`,
      );
    }
    turn.emit(frame, 'MapStateStarted', { length: items.length });
    frame.run = {
      ...run,
      retryAt: undefined,
      effective,
      items,
      nextItem: 0,
      running: {},
      results: items.map(() => null),
    };
    launch(turn, frame, frame.run, state);
  });
}

/** Starts iterations up to MaxConcurrency (0 or absent: all at once). */
function launch(turn: Turn, frame: Frame, run: MapRun, state: MapState): void {
  const limit = state.MaxConcurrency ? state.MaxConcurrency : Infinity;
  const selector = mapItemSelector(state);
  while (run.nextItem < run.items.length && Object.keys(run.running).length < limit) {
    const index = run.nextItem++;
    const value = run.items[index]!;
    const started = turn.emit(frame, 'MapIterationStarted', { name: run.state, index });
    const context = turn.context(run.state, run.enteredAt, retryCount(run), {
      Map: { Item: { Index: index, Value: value } },
    });
    const input = selector ? applyTemplate(selector, run.effective, context, turn.env) : value;
    const scope: Scope = [...frame.scope, { state: run.state, branch: -1 }];
    run.running[index] = spawn(turn, frame, index, scope, turn.machineOf(scope).StartAt, input, started);
  }
}

export function advanceMap(turn: Turn, frame: Frame): boolean {
  const run = frame.run;
  if (run.kind !== 'map') return false;
  const state = turn.stateOf(frame, run.state) as MapState;
  if (run.retryAt !== undefined) {
    if (turn.now < run.retryAt) return false;
    startMap(turn, frame, run, state);
    return true;
  }
  let progressed = false;
  for (const [key, id] of Object.entries(run.running)) {
    const index = Number(key);
    const child = turn.s.frames[id];
    if (!child || (child.run.kind !== 'succeeded' && child.run.kind !== 'failed')) continue;
    const details = { name: run.state, index };
    if (child.run.kind === 'succeeded') {
      run.results[index] = child.run.output;
      turn.emit(frame, 'MapIterationSucceeded', details, child.lastEventId);
      delete run.running[index];
      removeFrame(turn, id);
      progressed = true;
      continue;
    }
    const { error, cause } = child.run;
    turn.emit(frame, 'MapIterationFailed', details, child.lastEventId);
    delete run.running[index];
    removeFrame(turn, id);
    for (const [other, otherId] of Object.entries(run.running)) {
      turn.emit(frame, 'MapIterationAborted', { name: run.state, index: Number(other) });
      removeFrame(turn, otherId);
    }
    run.running = {};
    turn.emit(frame, 'MapStateFailed');
    failActive(turn, frame, run, state, error, cause);
    return true;
  }
  if (progressed) {
    const ok = guarded(frame, run.state, run.enteredEventId, () => launch(turn, frame, run, state));
    if (!ok) return true;
  }
  if (run.nextItem >= run.items.length && Object.keys(run.running).length === 0) {
    turn.emit(frame, 'MapStateSucceeded');
    finishActive(turn, frame, run, state, run.results);
    return true;
  }
  return progressed;
}

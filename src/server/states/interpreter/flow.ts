import { applyPath, applyResultPath } from '../data/io.js';
import { applyTemplate } from '../data/payload-template.js';
import type { State } from '../definition/types.js';
import { decideOnError } from '../errors/retry.js';
import { ErrorNames, isTerminalError, StatesError } from '../errors/states-error.js';
import { jsonBytes, PAYLOAD_LIMIT_BYTES, type Json, type JsonObject } from '../json.js';
import { outputDetails } from './events.js';
import type { Frame, Run } from './model.js';
import type { Turn } from './turn.js';

export type ActiveRun = Extract<Run, { kind: 'task' | 'parallel' | 'map' }>;

/**
 * Leaves a state with `output`: to its Next state, or, at End, finishing the frame. An output
 * over the payload quota fails the state instead (States.DataLimitExceeded).
 */
export function transition(
  turn: Turn,
  frame: Frame,
  name: string,
  state: State,
  output: Json,
  next?: string,
): void {
  if (jsonBytes(output) > PAYLOAD_LIMIT_BYTES) {
    fail(
      frame,
      ErrorNames.dataLimitExceeded,
      `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
    return;
  }
  const target = next ?? ('Next' in state ? state.Next : undefined);
  frame.run =
    target === undefined ? { kind: 'succeeded', output } : { kind: 'entering', state: target, input: output };
}

/** Emits `<Type>StateExited` and moves on. */
export function exit(
  turn: Turn,
  frame: Frame,
  name: string,
  state: State,
  output: Json,
  next?: string,
): void {
  if (state.Type !== 'Fail') turn.emit(frame, `${state.Type}StateExited`, { name, ...outputDetails(output) });
  transition(turn, frame, name, state, output, next);
}

export function fail(frame: Frame, error: string, cause: string): void {
  frame.run = { kind: 'failed', error, cause };
}

/** AWS's cause for a runtime error, naming the state and the event that entered it. */
export function runtimeCause(name: string, enteredEventId: number, detail: string): string {
  return `An error occurred while executing the state '${name}' (entered at the event id #${enteredEventId}). ${detail}`;
}

/**
 * Runs `work`; a StatesError it throws fails the state (States.Runtime causes get AWS's prefix).
 * Returns false when the state failed.
 */
export function guarded(frame: Frame, name: string, enteredEventId: number, work: () => void): boolean {
  try {
    work();
    return true;
  } catch (error) {
    if (!(error instanceof StatesError)) throw error;
    const cause =
      error.error === ErrorNames.runtime ? runtimeCause(name, enteredEventId, error.cause) : error.cause;
    fail(frame, error.error, cause);
    return false;
  }
}

/** The result half of a Task, Parallel or Map state: ResultSelector, ResultPath, OutputPath. */
export function finishActive(turn: Turn, frame: Frame, run: ActiveRun, state: State, result: Json): void {
  const s = state as { ResultSelector?: JsonObject; ResultPath?: string | null; OutputPath?: string | null };
  let output: Json = null;
  const ok = guarded(frame, run.state, run.enteredEventId, () => {
    const context = turn.context(run.state, run.enteredAt, retryCount(run));
    const selected = s.ResultSelector ? applyTemplate(s.ResultSelector, result, context, turn.env) : result;
    output = applyPath(s.OutputPath, applyResultPath(s.ResultPath, run.input, selected), context);
  });
  // A failure here is States.Runtime, which no Retrier or Catcher handles: the frame has failed.
  if (ok) exit(turn, frame, run.state, state, output);
}

export function retryCount(run: ActiveRun): number {
  return run.retries.reduce((a, b) => a + b, 0);
}

/**
 * An error in a Task, Parallel or Map state: retry it after the Retrier's interval, or go to
 * the first matching Catcher's Next with `{Error, Cause}` at its ResultPath, or fail the frame.
 */
export function failActive(
  turn: Turn,
  frame: Frame,
  run: ActiveRun,
  state: State,
  error: string,
  cause: string,
): void {
  const handlers = state as { Retry?: never; Catch?: never };
  if (isTerminalError(error)) return fail(frame, error, cause);
  const decision = decideOnError(handlers, error, run.retries, () => turn.ctx.random.next());
  switch (decision.kind) {
    case 'retry': {
      const retries = [...run.retries];
      retries[decision.retrier] = (retries[decision.retrier] ?? 0) + 1;
      frame.run = resetForRetry(run, retries, turn.now + decision.delayMs);
      return;
    }
    case 'catch': {
      let output: Json = null;
      const ok = guarded(frame, run.state, run.enteredEventId, () => {
        output = applyResultPath(decision.catcher.ResultPath, run.input, { Error: error, Cause: cause });
      });
      if (ok) exit(turn, frame, run.state, state, output, decision.catcher.Next);
      return;
    }
    case 'fail':
      return fail(frame, error, cause);
  }
}

function resetForRetry(run: ActiveRun, retries: number[], retryAt: number): Run {
  switch (run.kind) {
    case 'task':
      return { ...run, retries, retryAt, attempt: undefined };
    case 'parallel':
      return { ...run, retries, retryAt, children: [], results: [] };
    case 'map':
      return { ...run, retries, retryAt, running: {}, results: [], nextItem: 0, items: [] };
  }
}

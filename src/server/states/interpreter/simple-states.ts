import { chooseNext } from '../choice/evaluate.js';
import { parseTimestamp } from '../choice/timestamp.js';
import { applyPath, applyResultPath } from '../data/io.js';
import { applyTemplate } from '../data/payload-template.js';
import type { ChoiceState, FailState, PassState, SucceedState, WaitState } from '../definition/types.js';
import { evaluateIntrinsic } from '../intrinsics/evaluate.js';
import { looksLikeIntrinsic, parseIntrinsic } from '../intrinsics/parse.js';
import { ErrorNames, runtimeError } from '../errors/states-error.js';
import type { Json } from '../json.js';
import { compiledPath, select } from '../paths/evaluate.js';
import { inputDetails } from './events.js';
import { exit, fail, guarded } from './flow.js';
import type { Frame } from './model.js';
import type { Turn } from './turn.js';

/** Pass: InputPath, then Result (or Parameters), ResultPath and OutputPath. */
export function enterPass(turn: Turn, frame: Frame, name: string, state: PassState, input: Json): void {
  const entered = turn.emit(frame, 'PassStateEntered', { name, ...inputDetails(input) });
  let output: Json = null;
  const ok = guarded(frame, name, entered, () => {
    const context = turn.context(name, turn.now, 0);
    const effective = applyPath(state.InputPath, input, context);
    const parameters = state.Parameters
      ? applyTemplate(state.Parameters, effective, context, turn.env)
      : effective;
    const result = state.Result !== undefined ? state.Result : parameters;
    output = applyPath(state.OutputPath, applyResultPath(state.ResultPath, input, result), context);
  });
  if (ok) exit(turn, frame, name, state, output);
}

/** Choice: the first matching rule's Next, else Default, else States.NoChoiceMatched. */
export function enterChoice(turn: Turn, frame: Frame, name: string, state: ChoiceState, input: Json): void {
  const entered = turn.emit(frame, 'ChoiceStateEntered', { name, ...inputDetails(input) });
  let next: string | undefined;
  let output: Json = null;
  const ok = guarded(frame, name, entered, () => {
    const context = turn.context(name, turn.now, 0);
    const effective = applyPath(state.InputPath, input, context);
    next = chooseNext(state.Choices, effective, context) ?? state.Default;
    output = applyPath(state.OutputPath, effective, context);
  });
  if (!ok) return;
  if (next === undefined) {
    return fail(
      frame,
      ErrorNames.noChoiceMatched,
      `No Matches! The input '${JSON.stringify(input)}' matched no Choice Rule of the state '${name}', which has no Default.`,
    );
  }
  exit(turn, frame, name, state, output, next);
}

/** Wait: until Seconds / SecondsPath from now, or Timestamp / TimestampPath. */
export function enterWait(turn: Turn, frame: Frame, name: string, state: WaitState, input: Json): void {
  const entered = turn.emit(frame, 'WaitStateEntered', { name, ...inputDetails(input) });
  guarded(frame, name, entered, () => {
    const context = turn.context(name, turn.now, 0);
    const effective = applyPath(state.InputPath, input, context);
    const until = waitUntil(turn.now, state, effective, context);
    frame.run = {
      kind: 'waiting',
      state: name,
      output: applyPath(state.OutputPath, effective, context),
      until,
    };
  });
}

function waitUntil(now: number, state: WaitState, input: Json, context: Json): number {
  if (state.Seconds !== undefined) return now + state.Seconds * 1000;
  if (state.Timestamp !== undefined) return parseTimestamp(state.Timestamp)!;
  const field = state.SecondsPath !== undefined ? 'SecondsPath' : 'TimestampPath';
  const text = state[field]!;
  const path = compiledPath(text);
  const found = select(path, path.context ? context : input);
  if (!found.found)
    throw runtimeError(`Invalid path '${text}': The ${field} parameter does not reference a valid input.`);
  const value = found.value;
  if (field === 'SecondsPath') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw runtimeError(
        `The SecondsPath parameter references an invalid value: ${JSON.stringify(value)}. It must be a non-negative integer.`,
      );
    }
    return now + value * 1000;
  }
  const at = typeof value === 'string' ? parseTimestamp(value) : undefined;
  if (at === undefined) {
    throw runtimeError(
      `The TimestampPath parameter references an invalid value: ${JSON.stringify(value)}. It must be an ISO 8601 timestamp.`,
    );
  }
  return at;
}

export function advanceWaiting(turn: Turn, frame: Frame): boolean {
  const run = frame.run;
  if (run.kind !== 'waiting' || turn.now < run.until) return false;
  exit(turn, frame, run.state, turn.stateOf(frame, run.state), run.output);
  return true;
}

export function enterSucceed(turn: Turn, frame: Frame, name: string, state: SucceedState, input: Json): void {
  const entered = turn.emit(frame, 'SucceedStateEntered', { name, ...inputDetails(input) });
  let output: Json = null;
  const ok = guarded(frame, name, entered, () => {
    const context = turn.context(name, turn.now, 0);
    output = applyPath(state.OutputPath, applyPath(state.InputPath, input, context), context);
  });
  if (ok) exit(turn, frame, name, state, output);
}

/** Fail: Error and Cause, or ErrorPath and CausePath (a reference path or an intrinsic) on the input. */
export function enterFail(turn: Turn, frame: Frame, name: string, state: FailState, input: Json): void {
  const entered = turn.emit(frame, 'FailStateEntered', { name, ...inputDetails(input) });
  guarded(frame, name, entered, () => {
    const context = turn.context(name, turn.now, 0);
    const error =
      state.ErrorPath !== undefined
        ? dynamicText(turn, state.ErrorPath, 'ErrorPath', input, context)
        : state.Error;
    const cause =
      state.CausePath !== undefined
        ? dynamicText(turn, state.CausePath, 'CausePath', input, context)
        : state.Cause;
    fail(frame, error ?? '', cause ?? '');
  });
}

function dynamicText(turn: Turn, text: string, field: string, input: Json, context: Json): string {
  let value: Json;
  if (looksLikeIntrinsic(text))
    value = evaluateIntrinsic(text, parseIntrinsic(text), input, context, turn.env);
  else {
    const path = compiledPath(text);
    const found = select(path, path.context ? context : input);
    if (!found.found) throw runtimeError(`Invalid path '${text}' : No results for ${field}`);
    value = found.value;
  }
  if (typeof value !== 'string')
    throw runtimeError(`The ${field} '${text}' must resolve to a string, not ${JSON.stringify(value)}`);
  return value;
}

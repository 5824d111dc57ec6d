import type { Definition } from '../definition/types.js';
import { ErrorNames } from '../errors/states-error.js';
import type { Json } from '../json.js';
import { outputDetails, type HistoryEvent } from './events.js';
import { advanceMap, advanceParallel, enterMap, enterParallel } from './branch-states.js';
import type { Effect, Observation } from './io-types.js';
import { invokeFailure, invokeResponse } from './lambda-results.js';
import type { ExecutionInfo, ExecutionState, Frame, TaskAttempt } from './model.js';
import {
  advanceWaiting,
  enterChoice,
  enterFail,
  enterPass,
  enterSucceed,
  enterWait,
} from './simple-states.js';
import { advanceTask, enterTask, invokeEffect, settleAttempt, submitted } from './task-state.js';
import { MAX_HISTORY_EVENTS, Turn, type StepContext } from './turn.js';

export type { StepContext } from './turn.js';

export interface StepResult {
  next: ExecutionState;
  /** History events written by this step, in order. */
  events: HistoryEvent[];
  /** Invocations to make, after `next` and `events` are saved. */
  effects: Effect[];
  /** When to step again if nothing is observed first (undefined: only on an observation). */
  wakeAt: number | undefined;
}

/** State transitions in one step before yielding (a loop of Pass states must not hog the engine). */
export const MAX_TRANSITIONS = 1000;

export function newExecution(info: ExecutionInfo, timeoutSeconds: number | undefined): ExecutionState {
  return {
    info,
    status: 'RUNNING',
    started: false,
    timeoutAt: timeoutSeconds === undefined ? undefined : info.startTime + timeoutSeconds * 1000,
    stopTime: undefined,
    output: undefined,
    error: undefined,
    cause: undefined,
    lastEventId: 0,
    counter: 0,
    frames: {},
  };
}

/**
 * The interpreter, as one pure function: given an execution, its definition, what happened since
 * the last step and the time, return the next state, the history events it wrote, the Lambda
 * invocations to make and when to be woken. The engine saves `next` and `events` before it
 * makes the invocations, so a crash between any two steps resumes correctly.
 */
export function step(
  state: ExecutionState,
  definition: Definition,
  observations: Observation[],
  ctx: StepContext,
): StepResult {
  if (state.status !== 'RUNNING') return { next: state, events: [], effects: [], wakeAt: undefined };
  const turn = new Turn(structuredClone(state), definition, ctx);
  const s = turn.s;
  if (!s.started) start(turn);
  for (const observation of observations) observe(turn, observation);
  let transitions = 0;
  while (s.status === 'RUNNING' && transitions < MAX_TRANSITIONS) {
    if (s.timeoutAt !== undefined && turn.now >= s.timeoutAt) {
      // As AWS records it: States.Timeout on the event (chained to no state), none on the execution.
      end(turn, 'TIMED_OUT', 'ExecutionTimedOut', { error: ErrorNames.timeout }, 0);
      break;
    }
    let progressed = false;
    for (const frame of Object.values(s.frames)) {
      if (s.status !== 'RUNNING' || !s.frames[frame.id]) continue;
      if (advance(turn, frame)) {
        progressed = true;
        transitions++;
      }
    }
    if (turn.historyFull) {
      s.error = ErrorNames.runtime;
      s.cause = `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`;
      end(turn, 'FAILED', 'ExecutionFailed', { error: s.error, cause: s.cause }, s.lastEventId);
      break;
    }
    const root = s.frames.root;
    if (root?.run.kind === 'succeeded') {
      s.output = root.run.output;
      end(turn, 'SUCCEEDED', 'ExecutionSucceeded', outputDetails(root.run.output), root.lastEventId);
    } else if (root?.run.kind === 'failed') {
      const { error, cause } = root.run;
      const runtime = error === ErrorNames.runtime;
      // An error or cause that is not there (a Fail state without Cause, a timeout) is left out.
      s.error = error || undefined;
      s.cause = cause || undefined;
      end(
        turn,
        'FAILED',
        'ExecutionFailed',
        { ...(error ? { error } : {}), ...(cause ? { cause } : {}) },
        runtime ? 0 : root.lastEventId,
      );
    }
    if (!progressed) break;
  }
  const busy = s.status === 'RUNNING' && transitions >= MAX_TRANSITIONS;
  return { next: s, events: turn.events, effects: turn.effects, wakeAt: busy ? ctx.now : wakeAt(s) };
}

function start(turn: Turn): void {
  const s = turn.s;
  s.started = true;
  const info = s.info;
  const id = turn.emit(undefined, 'ExecutionStarted', {
    input: JSON.stringify(info.input),
    inputDetails: { truncated: false },
    roleArn: info.roleArn,
  });
  s.frames.root = {
    id: 'root',
    scope: [],
    parent: undefined,
    lastEventId: id,
    run: { kind: 'entering', state: turn.definition.StartAt, input: info.input },
  };
}

function end(
  turn: Turn,
  status: ExecutionState['status'],
  type: 'ExecutionSucceeded' | 'ExecutionFailed' | 'ExecutionAborted' | 'ExecutionTimedOut',
  details: { [key: string]: Json },
  previous?: number,
): void {
  const s = turn.s;
  turn.emit(undefined, type, details, previous ?? s.frames.root?.lastEventId ?? s.lastEventId);
  s.status = status;
  s.stopTime = turn.now;
  s.frames = {};
}

function advance(turn: Turn, frame: Frame): boolean {
  const run = frame.run;
  switch (run.kind) {
    case 'entering': {
      const state = turn.stateOf(frame, run.state);
      switch (state.Type) {
        case 'Pass':
          enterPass(turn, frame, run.state, state, run.input);
          break;
        case 'Task':
          enterTask(turn, frame, run.state, state, run.input);
          break;
        case 'Choice':
          enterChoice(turn, frame, run.state, state, run.input);
          break;
        case 'Wait':
          enterWait(turn, frame, run.state, state, run.input);
          break;
        case 'Succeed':
          enterSucceed(turn, frame, run.state, state, run.input);
          break;
        case 'Fail':
          enterFail(turn, frame, run.state, state, run.input);
          break;
        case 'Parallel':
          enterParallel(turn, frame, run.state, state, run.input);
          break;
        case 'Map':
          enterMap(turn, frame, run.state, state, run.input);
          break;
      }
      return true;
    }
    case 'waiting':
      return advanceWaiting(turn, frame);
    case 'task':
      return advanceTask(turn, frame);
    case 'parallel':
      return advanceParallel(turn, frame);
    case 'map':
      return advanceMap(turn, frame);
    case 'succeeded':
    case 'failed':
      return false;
  }
}

/** The attempt an observation is about, if it is still waiting for one. */
function pending(
  turn: Turn,
  match: (a: TaskAttempt) => boolean,
): { frame: Frame; attempt: TaskAttempt } | undefined {
  for (const frame of Object.values(turn.s.frames)) {
    const attempt = frame.run.kind === 'task' ? frame.run.attempt : undefined;
    if (attempt && !attempt.outcome && match(attempt)) return { frame, attempt };
  }
  return undefined;
}

/** Whether `token` belongs to a task of this execution that still waits for it (SendTask* checks). */
export function findTokenTask(state: ExecutionState, token: string): boolean {
  return Object.values(state.frames).some(
    (f) => f.run.kind === 'task' && f.run.attempt?.token === token && !f.run.attempt.outcome,
  );
}

function observe(turn: Turn, o: Observation): void {
  switch (o.kind) {
    case 'invoked': {
      const found = pending(turn, (a) => a.callId === o.callId);
      if (!found) return;
      const { frame, attempt } = found;
      if (o.result.kind !== 'ok') return settleAttempt(turn, frame, attempt, invokeFailure(o.result));
      if (attempt.mode === 'legacy')
        return settleAttempt(turn, frame, attempt, { kind: 'succeeded', output: o.result.payload });
      const response = invokeResponse(o.result);
      if (attempt.mode === 'invoke')
        return settleAttempt(turn, frame, attempt, { kind: 'succeeded', output: response });
      if (!attempt.invoked) submitted(turn, frame, attempt, response);
      return;
    }
    case 'taskSuccess': {
      const found = pending(turn, (a) => a.token === o.token);
      if (found) settleAttempt(turn, found.frame, found.attempt, { kind: 'succeeded', output: o.output });
      return;
    }
    case 'taskFailure': {
      const found = pending(turn, (a) => a.token === o.token);
      if (found)
        settleAttempt(turn, found.frame, found.attempt, {
          kind: 'failed',
          error: o.error ?? '',
          cause: o.cause ?? '',
        });
      return;
    }
    case 'taskHeartbeat': {
      const found = pending(turn, (a) => a.token === o.token);
      if (found?.attempt.heartbeatSeconds !== undefined) {
        found.attempt.heartbeatAt = turn.now + found.attempt.heartbeatSeconds * 1000;
      }
      return;
    }
    case 'stop':
      if (turn.s.status !== 'RUNNING') return;
      turn.s.error = o.error;
      turn.s.cause = o.cause;
      end(turn, 'ABORTED', 'ExecutionAborted', {
        ...(o.error !== undefined ? { error: o.error } : {}),
        ...(o.cause !== undefined ? { cause: o.cause } : {}),
      });
      return;
    case 'resume':
      for (const frame of Object.values(turn.s.frames)) {
        const attempt = frame.run.kind === 'task' ? frame.run.attempt : undefined;
        if (attempt && !attempt.outcome && !(attempt.mode === 'token' && attempt.invoked)) {
          turn.effects.push(invokeEffect(attempt));
        }
      }
      return;
  }
}

/** The earliest time anything in the execution falls due. */
function wakeAt(s: ExecutionState): number | undefined {
  if (s.status !== 'RUNNING') return undefined;
  const times: number[] = s.timeoutAt !== undefined ? [s.timeoutAt] : [];
  for (const { run } of Object.values(s.frames)) {
    if (run.kind === 'waiting') times.push(run.until);
    if ((run.kind === 'task' || run.kind === 'parallel' || run.kind === 'map') && run.retryAt !== undefined) {
      times.push(run.retryAt);
    }
    if (run.kind === 'task' && run.attempt && !run.attempt.outcome) {
      if (run.attempt.timeoutAt !== undefined) times.push(run.attempt.timeoutAt);
      if (run.attempt.heartbeatAt !== undefined) times.push(run.attempt.heartbeatAt);
    }
  }
  return times.length > 0 ? Math.min(...times) : undefined;
}

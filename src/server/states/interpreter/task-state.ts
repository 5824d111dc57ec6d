import { applyPath } from '../data/io.js';
import { applyTemplate } from '../data/payload-template.js';
import { parseResource, type TaskResource } from '../definition/resources.js';
import type { TaskState } from '../definition/types.js';
import { ErrorNames, runtimeError } from '../errors/states-error.js';
import { isObject, type Json } from '../json.js';
import { compiledPath, select } from '../paths/evaluate.js';
import { inputDetails, outputDetails } from './events.js';
import { failActive, finishActive, guarded, retryCount, type ActiveRun } from './flow.js';
import type { Effect } from './io-types.js';
import type { Frame, TaskAttempt, TaskMode } from './model.js';
import { makeTaskToken } from './task-token.js';
import type { Turn } from './turn.js';

type TaskRun = Extract<ActiveRun, { kind: 'task' }>;

export function enterTask(turn: Turn, frame: Frame, name: string, state: TaskState, input: Json): void {
  const entered = turn.emit(frame, 'TaskStateEntered', { name, ...inputDetails(input) });
  const run: TaskRun = {
    kind: 'task',
    state: name,
    input,
    enteredEventId: entered,
    enteredAt: turn.now,
    retries: [],
    retryAt: undefined,
    attempt: undefined,
  };
  frame.run = run;
  schedule(turn, frame, run, state);
}

/** The `resourceType` and `resource` of the Task* events for the optimized integration. */
function integration(mode: TaskMode): { resourceType: string; resource: string } {
  return { resourceType: 'lambda', resource: mode === 'token' ? 'invoke.waitForTaskToken' : 'invoke' };
}

/** Starts one try: InputPath, Parameters (with `$$.Task.Token`), the Scheduled and Started events, the invocation. */
function schedule(turn: Turn, frame: Frame, run: TaskRun, state: TaskState): void {
  const resource = parseResource(state.Resource) as TaskResource;
  const mode: TaskMode =
    resource.kind === 'lambda-arn' ? 'legacy' : resource.waitForTaskToken ? 'token' : 'invoke';
  const callId = turn.newId('c');
  const token =
    mode === 'token' ? makeTaskToken(turn.s.info.executionArn, callId, turn.ctx.random) : undefined;
  guarded(frame, run.state, run.enteredEventId, () => {
    const context = turn.context(
      run.state,
      run.enteredAt,
      retryCount(run),
      token ? { Task: { Token: token } } : {},
    );
    const effective = applyPath(state.InputPath, run.input, context);
    const parameters = state.Parameters
      ? applyTemplate(state.Parameters, effective, context, turn.env)
      : effective;
    const timeout = seconds(state.TimeoutSeconds, state.TimeoutSecondsPath, effective, 'TimeoutSecondsPath');
    const heartbeat = seconds(
      state.HeartbeatSeconds,
      state.HeartbeatSecondsPath,
      effective,
      'HeartbeatSecondsPath',
    );
    const target =
      resource.kind === 'lambda-arn' ? legacyTarget(resource, parameters) : invokeTarget(parameters);
    const attempt: TaskAttempt = {
      callId,
      mode,
      ...target,
      token,
      invoked: false,
      timeoutAt: timeout === undefined ? undefined : turn.now + timeout * 1000,
      heartbeatSeconds: heartbeat,
      heartbeatAt: heartbeat === undefined ? undefined : turn.now + heartbeat * 1000,
      outcome: undefined,
    };
    const limits = {
      ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
      ...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}),
    };
    if (mode === 'legacy') {
      turn.emit(frame, 'LambdaFunctionScheduled', {
        resource: state.Resource,
        ...inputDetails(attempt.payload),
        ...(timeout !== undefined ? { timeoutInSeconds: timeout } : {}),
      });
      turn.emit(frame, 'LambdaFunctionStarted');
    } else {
      turn.emit(frame, 'TaskScheduled', {
        ...integration(mode),
        region: turn.ctx.region,
        parameters: JSON.stringify(parameters),
        ...limits,
      });
      turn.emit(frame, 'TaskStarted', integration(mode));
    }
    frame.run = { ...run, attempt, retryAt: undefined };
    turn.effects.push(invokeEffect(attempt));
  });
}

function legacyTarget(resource: Extract<TaskResource, { kind: 'lambda-arn' }>, payload: Json) {
  return {
    functionName: resource.functionName,
    qualifier: resource.qualifier,
    payload,
    invocationType: undefined,
    clientContext: undefined,
  };
}

function invokeTarget(parameters: Json) {
  if (!isObject(parameters) || typeof parameters.FunctionName !== 'string') {
    throw runtimeError(
      `The field 'FunctionName' of the Parameters must be a string, in '${JSON.stringify(parameters)}'`,
    );
  }
  const text = (field: string) => {
    const value = parameters[field];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    functionName: parameters.FunctionName,
    qualifier: text('Qualifier'),
    payload: parameters.Payload === undefined ? {} : parameters.Payload,
    invocationType: text('InvocationType'),
    clientContext: text('ClientContext'),
  };
}

function seconds(
  fixed: number | undefined,
  pathText: string | undefined,
  input: Json,
  field: string,
): number | undefined {
  if (fixed !== undefined || pathText === undefined) return fixed;
  const path = compiledPath(pathText);
  const found = select(path, input);
  const value = found.found ? found.value : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw runtimeError(
      `The ${field} '${pathText}' must reference a positive integer, found ${JSON.stringify(value ?? null)}`,
    );
  }
  return value;
}

export function invokeEffect(attempt: TaskAttempt): Effect {
  return {
    kind: 'invokeLambda',
    callId: attempt.callId,
    functionName: attempt.functionName,
    qualifier: attempt.qualifier,
    payload: attempt.payload,
    invocationType: attempt.invocationType,
    clientContext: attempt.clientContext,
  };
}

/** A Task waiting for its result, a timeout, or the end of its retry interval. */
export function advanceTask(turn: Turn, frame: Frame): boolean {
  const run = frame.run;
  if (run.kind !== 'task') return false;
  const state = turn.stateOf(frame, run.state) as TaskState;
  const attempt = run.attempt;
  if (!attempt) {
    if (run.retryAt === undefined || turn.now < run.retryAt) return false;
    schedule(turn, frame, run, state);
    return true;
  }
  const outcome = attempt.outcome;
  if (outcome?.kind === 'succeeded') finishActive(turn, frame, run, state, outcome.output);
  else if (outcome) failActive(turn, frame, run, state, outcome.error, outcome.cause);
  else if (attempt.timeoutAt !== undefined && turn.now >= attempt.timeoutAt)
    timedOut(turn, frame, run, state, ErrorNames.timeout);
  else if (attempt.heartbeatAt !== undefined && turn.now >= attempt.heartbeatAt) {
    timedOut(turn, frame, run, state, ErrorNames.heartbeatTimeout);
  } else return false;
  return true;
}

function timedOut(turn: Turn, frame: Frame, run: TaskRun, state: TaskState, error: string): void {
  const attempt = run.attempt!;
  // AWS names the error and gives no cause for a task's TimeoutSeconds or HeartbeatSeconds.
  if (attempt.mode === 'legacy') turn.emit(frame, 'LambdaFunctionTimedOut', { error });
  else turn.emit(frame, 'TaskTimedOut', { ...integration(attempt.mode), error });
  failActive(turn, frame, run, state, error, '');
}

/** Records a task's result with its event; the state acts on it in advanceTask. */
export function settleAttempt(
  turn: Turn,
  frame: Frame,
  attempt: TaskAttempt,
  outcome: TaskAttempt['outcome'] & object,
): void {
  if (outcome.kind === 'succeeded') {
    if (attempt.mode === 'legacy') turn.emit(frame, 'LambdaFunctionSucceeded', outputDetails(outcome.output));
    else
      turn.emit(frame, 'TaskSucceeded', { ...integration(attempt.mode), ...outputDetails(outcome.output) });
  } else if (attempt.mode === 'legacy') {
    turn.emit(frame, 'LambdaFunctionFailed', { error: outcome.error, cause: outcome.cause });
  } else {
    turn.emit(frame, 'TaskFailed', {
      ...integration(attempt.mode),
      error: outcome.error,
      cause: outcome.cause,
    });
  }
  attempt.outcome = outcome;
}

export function submitted(turn: Turn, frame: Frame, attempt: TaskAttempt, response: Json): void {
  attempt.invoked = true;
  turn.emit(frame, 'TaskSubmitted', { ...integration(attempt.mode), ...outputDetails(response) });
}

import { seededRandom } from '../../../common/random.js';
import { validateDefinition } from '../definition/validate.js';
import type { Definition } from '../definition/types.js';
import type { Json } from '../json.js';
import type { HistoryEvent } from '../interpreter/events.js';
import type { Effect, InvokeResult, Observation } from '../interpreter/io-types.js';
import type { ExecutionState } from '../interpreter/model.js';
import { newExecution, step } from '../interpreter/step.js';

export const START = Date.UTC(2026, 0, 1, 12, 0, 0);
export const ARN = 'arn:aws:states:us-east-1:123456789012:execution:Machine:run-1';

/** A Lambda function for tests: returns its result, or throws `{ errorType, errorMessage }`. */
export type FakeFunction = (payload: Json, effect: Effect) => Json;

export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export function parse(definition: object): Definition {
  const v = validateDefinition(JSON.stringify(definition));
  if (!v.ok) throw new Error(JSON.stringify(v.diagnostics, null, 1));
  return v.definition;
}

export interface Outcome {
  state: ExecutionState;
  events: HistoryEvent[];
  effects: Effect[];
  /** Time from start to the end, in ms. */
  elapsed: number;
}

function invoke(fn: FakeFunction | undefined, effect: Effect): InvokeResult {
  const requestId = 'req-1';
  if (!fn) {
    return {
      kind: 'serviceError',
      code: 'ResourceNotFoundException',
      message: `Function not found: ${effect.functionName}`,
      statusCode: 404,
      requestId,
    };
  }
  try {
    return {
      kind: 'ok',
      payload: fn(effect.payload, effect),
      executedVersion: effect.qualifier ?? '$LATEST',
      requestId,
      statusCode: 200,
    };
  } catch (error) {
    if (!(error instanceof FunctionError)) throw error;
    return {
      kind: 'functionError',
      payload: { errorMessage: error.message, errorType: error.errorType, stackTrace: [] },
      executedVersion: '$LATEST',
      requestId,
    };
  }
}

/**
 * Runs an execution to its end on virtual time: effects are answered at once by `functions`
 * (keyed by function name as the Task gives it), waits jump ahead.
 */
export function execute(
  definition: object,
  input: Json,
  functions: Record<string, FakeFunction> = {},
  options: {
    seed?: number;
    hold?: (effect: Effect) => boolean;
    observe?: (now: number) => Observation[];
    /** The longest jump of virtual time, so `observe` sees the times in between. */
    maxJump?: number;
  } = {},
): Outcome {
  const def = parse(definition);
  let state = newExecution(
    {
      executionArn: ARN,
      name: 'run-1',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Machine',
      stateMachineName: 'Machine',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      input,
      startTime: START,
    },
    def.TimeoutSeconds,
  );
  const random = seededRandom(options.seed ?? 7);
  const events: HistoryEvent[] = [];
  const effects: Effect[] = [];
  let now = START;
  let observations: Observation[] = [];
  for (let i = 0; i < 10_000; i++) {
    const result = step(state, def, observations, { now, random, region: 'us-east-1' });
    state = result.next;
    events.push(...result.events);
    effects.push(...result.effects);
    observations = result.effects
      .filter((e) => !options.hold?.(e))
      .map((e) => ({ kind: 'invoked', callId: e.callId, result: invoke(functions[e.functionName], e) }));
    if (observations.length > 0) continue;
    const extra = options.observe?.(now) ?? [];
    if (extra.length > 0) {
      observations = extra;
      continue;
    }
    if (result.wakeAt === undefined) break;
    now = Math.max(now, Math.min(result.wakeAt, now + (options.maxJump ?? Infinity)));
  }
  return { state, events, effects, elapsed: now - START };
}

/** Event types in order, for comparing with AWS's documented sequences. */
export const types = (events: HistoryEvent[]): string[] => events.map((e) => e.type);

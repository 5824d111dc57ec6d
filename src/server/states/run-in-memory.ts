import type { Clock, Timer } from '../../common/clock.js';
import type { Random } from '../../common/random.js';
import type { Definition } from './definition/types.js';
import type { HistoryEvent } from './interpreter/events.js';
import type { Effect, InvokeResult, Observation } from './interpreter/io-types.js';
import type { ExecutionState } from './interpreter/model.js';
import { step } from './interpreter/step.js';
import type { LambdaInvoker } from './ports.js';

export interface InMemoryDeps {
  clock: Clock;
  random: Random;
  invoker: LambdaInvoker;
  region: string;
}

export interface InMemoryRun {
  state: ExecutionState;
  events: HistoryEvent[];
  /** How many times `step` ran. */
  steps: number;
}

/**
 * Runs an execution to its end with nothing persisted: the same pure `step` as the durable
 * engine, its invocations made at once and its waits slept on the clock. Express workflows run
 * this way (AWS keeps no history of them either), and the benchmark uses it as the baseline.
 */
export async function runInMemory(
  deps: InMemoryDeps,
  start: ExecutionState,
  definition: Definition,
): Promise<InMemoryRun> {
  let state = start;
  const events: HistoryEvent[] = [];
  const inbox: Observation[] = [];
  let arrived: (() => void) | undefined;
  const deliver = (observation: Observation): void => {
    inbox.push(observation);
    arrived?.();
  };
  let observations: Observation[] = [];
  for (let steps = 1; ; steps++) {
    const now = deps.clock.now();
    const result = step(state, definition, observations, { now, random: deps.random, region: deps.region });
    state = result.next;
    events.push(...result.events);
    if (state.status !== 'RUNNING') return { state, events, steps };
    for (const effect of result.effects) void invoke(deps.invoker, effect).then(deliver);
    if (inbox.length === 0) {
      let timer: Timer | undefined;
      await new Promise<void>((resolve) => {
        arrived = resolve;
        // Every express execution has a deadline, so there is always a time to wake at.
        if (result.wakeAt !== undefined)
          timer = deps.clock.setTimer(Math.max(0, result.wakeAt - now), resolve);
      });
      arrived = undefined;
      timer?.cancel();
    }
    observations = inbox.splice(0);
  }
}

async function invoke(invoker: LambdaInvoker, effect: Effect): Promise<Observation> {
  let result: InvokeResult;
  try {
    result = await invoker.invoke(effect);
  } catch (error) {
    result = {
      kind: 'serviceError',
      code: 'ServiceException',
      message: error instanceof Error ? error.message : String(error),
      statusCode: 500,
      requestId: '',
    };
  }
  return { kind: 'invoked', callId: effect.callId, result };
}

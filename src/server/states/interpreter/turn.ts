import type { Random } from '../../../common/random.js';
import { formatTimestamp } from '../choice/timestamp.js';
import type { Definition, Machine, State } from '../definition/types.js';
import { mapProcessor } from '../definition/types.js';
import type { IntrinsicEnv } from '../intrinsics/functions.js';
import type { Json, JsonObject } from '../json.js';
import { detailsKeyFor, type EventType, type HistoryEvent } from './events.js';
import type { Effect } from './io-types.js';
import type { ExecutionState, Frame, Scope } from './model.js';

export interface StepContext {
  now: number;
  /** Chance, injected: task tokens, States.UUID, States.MathRandom and retry jitter. */
  random: Random;
  /** The region written into TaskScheduled events. */
  region: string;
}

/** "25,000 events in the execution history": the event that would pass it fails the execution instead. */
export const MAX_HISTORY_EVENTS = 25_000;

const ENDINGS: ReadonlySet<EventType> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

/**
 * The working set of one step: the execution being changed (a private copy), the definition,
 * and the history events and effects the step produces, in order.
 */
export class Turn {
  readonly events: HistoryEvent[] = [];
  readonly effects: Effect[] = [];
  readonly env: IntrinsicEnv;
  /** An event was refused for want of room: the history is full and the execution must fail. */
  historyFull = false;

  constructor(
    readonly s: ExecutionState,
    readonly definition: Definition,
    readonly ctx: StepContext,
  ) {
    this.env = { random: () => ctx.random.next(), uuid: () => ctx.random.uuid() };
  }

  get now(): number {
    return this.ctx.now;
  }

  /** Appends an event after the frame's last one (or, with no frame, after none). */
  emit(
    frame: Frame | undefined,
    type: EventType,
    details?: { [key: string]: Json },
    previous?: number,
  ): number {
    // The last id is kept for the event that ends the execution.
    if (!ENDINGS.has(type) && this.s.lastEventId >= MAX_HISTORY_EVENTS - 1) {
      this.historyFull = true;
      return this.s.lastEventId;
    }
    const id = ++this.s.lastEventId;
    const key = detailsKeyFor(type);
    this.events.push({
      id,
      previousEventId: previous ?? frame?.lastEventId ?? 0,
      timestamp: this.now,
      type,
      ...(key && details ? { details: { key, value: details } } : {}),
    });
    if (frame) frame.lastEventId = id;
    return id;
  }

  newId(prefix: string): string {
    return `${prefix}${++this.s.counter}`;
  }

  machineOf(scope: Scope): Machine {
    let machine: Machine = this.definition;
    for (const { state, branch } of scope) {
      const s = machine.States[state]!;
      if (s.Type === 'Parallel') machine = s.Branches[branch]!;
      else if (s.Type === 'Map') machine = mapProcessor(s);
      else throw new Error(`state ${state} has no branches`);
    }
    return machine;
  }

  stateOf(frame: Frame, name: string): State {
    const state = this.machineOf(frame.scope).States[name];
    if (!state) throw new Error(`no state ${name} in frame ${frame.id}`);
    return state;
  }

  /** The context object (`$$`) as a state sees it ("The Context object"). */
  context(name: string, enteredAt: number, retryCount: number, extra: JsonObject = {}): Json {
    const info = this.s.info;
    return {
      Execution: {
        Id: info.executionArn,
        Input: info.input,
        Name: info.name,
        RoleArn: info.roleArn,
        StartTime: formatTimestamp(info.startTime),
        RedriveCount: 0,
      },
      State: { EnteredTime: formatTimestamp(enteredAt), Name: name, RetryCount: retryCount },
      StateMachine: { Id: info.stateMachineArn, Name: info.stateMachineName },
      ...extra,
    };
  }
}

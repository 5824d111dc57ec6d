import type { Json, JsonObject } from '../json.js';

/**
 * A validated Amazon States Language definition, in the language's own field names so the code
 * reads like the documentation. Only what gradual runs is here; the validator refuses the rest.
 */
export interface Definition extends Machine {
  Comment?: string;
  Version?: string;
  TimeoutSeconds?: number;
  QueryLanguage?: 'JSONPath';
}

/** A state machine, or a Parallel branch, or a Map state's ItemProcessor. */
export interface Machine {
  StartAt: string;
  States: Record<string, State>;
}

export type State =
  PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;
export type StateType = State['Type'];

interface Flow {
  Next?: string;
  End?: boolean;
}

interface Filters {
  InputPath?: string | null;
  OutputPath?: string | null;
}

interface Results {
  ResultPath?: string | null;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

interface Handlers {
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface PassState extends Flow, Filters, Results {
  Type: 'Pass';
  Comment?: string;
  Parameters?: JsonObject;
  Result?: Json;
}

export interface TaskState extends Flow, Filters, Results, Handlers {
  Type: 'Task';
  Comment?: string;
  Resource: string;
  Parameters?: JsonObject;
  ResultSelector?: JsonObject;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
}

export interface ChoiceState extends Filters {
  Type: 'Choice';
  Comment?: string;
  Choices: TopChoiceRule[];
  Default?: string;
}

/** A Choice Rule: a comparison (`Variable` and one operator) or And / Or / Not. */
export type ChoiceRule = { [operator: string]: Json | ChoiceRule | ChoiceRule[] | undefined } & {
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
};

export type TopChoiceRule = ChoiceRule & { Next: string };

export interface WaitState extends Flow, Filters {
  Type: 'Wait';
  Comment?: string;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

export interface SucceedState extends Filters {
  Type: 'Succeed';
  Comment?: string;
}

export interface FailState {
  Type: 'Fail';
  Comment?: string;
  Error?: string;
  ErrorPath?: string;
  Cause?: string;
  CausePath?: string;
}

export interface ParallelState extends Flow, Filters, Results, Handlers {
  Type: 'Parallel';
  Comment?: string;
  Branches: Machine[];
  Parameters?: JsonObject;
  ResultSelector?: JsonObject;
}

export interface MapState extends Flow, Filters, Results, Handlers {
  Type: 'Map';
  Comment?: string;
  /** The current name of what older definitions call Iterator (both are accepted). */
  ItemProcessor?: Machine & { ProcessorConfig?: { Mode?: 'INLINE' } };
  Iterator?: Machine;
  ItemsPath?: string;
  /** The current name of what older definitions call Parameters (both are accepted). */
  ItemSelector?: JsonObject;
  Parameters?: JsonObject;
  ResultSelector?: JsonObject;
  MaxConcurrency?: number;
}

export function mapProcessor(state: MapState): Machine {
  return (state.ItemProcessor ?? state.Iterator)!;
}

export function mapItemSelector(state: MapState): JsonObject | undefined {
  return state.ItemSelector ?? state.Parameters;
}

import type { Json } from '../json.js';

/**
 * One entry of GetExecutionHistory, in AWS's shape: `{ id, previousEventId, timestamp, type }`
 * plus one `<kind>EventDetails` member for the types that have details.
 */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: EventType;
  details?: { key: DetailsKey; value: { [key: string]: Json } };
}

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export type EventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionAborted'
  | 'ExecutionTimedOut'
  | `${StateType}StateEntered`
  | `${Exclude<StateType, 'Fail'>}StateExited`
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskSubmitted'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'TaskTimedOut'
  | 'LambdaFunctionScheduled'
  | 'LambdaFunctionStarted'
  | 'LambdaFunctionSucceeded'
  | 'LambdaFunctionFailed'
  | 'LambdaFunctionTimedOut'
  | 'ParallelStateStarted'
  | 'ParallelStateSucceeded'
  | 'ParallelStateFailed'
  | 'MapStateStarted'
  | 'MapStateSucceeded'
  | 'MapStateFailed'
  | 'MapIterationStarted'
  | 'MapIterationSucceeded'
  | 'MapIterationFailed'
  | 'MapIterationAborted';

export type DetailsKey =
  | 'executionStartedEventDetails'
  | 'executionSucceededEventDetails'
  | 'executionFailedEventDetails'
  | 'executionAbortedEventDetails'
  | 'executionTimedOutEventDetails'
  | 'stateEnteredEventDetails'
  | 'stateExitedEventDetails'
  | 'taskScheduledEventDetails'
  | 'taskStartedEventDetails'
  | 'taskSubmittedEventDetails'
  | 'taskSucceededEventDetails'
  | 'taskFailedEventDetails'
  | 'taskTimedOutEventDetails'
  | 'lambdaFunctionScheduledEventDetails'
  | 'lambdaFunctionSucceededEventDetails'
  | 'lambdaFunctionFailedEventDetails'
  | 'lambdaFunctionTimedOutEventDetails'
  | 'mapStateStartedEventDetails'
  | 'mapIterationStartedEventDetails'
  | 'mapIterationSucceededEventDetails'
  | 'mapIterationFailedEventDetails'
  | 'mapIterationAbortedEventDetails';

const NOT_TRUNCATED = { truncated: false };

/** `input` as history events carry it: JSON text, with its details. */
export function inputDetails(input: Json): { input: string; inputDetails: Json } {
  return { input: JSON.stringify(input), inputDetails: NOT_TRUNCATED };
}

export function outputDetails(output: Json): { output: string; outputDetails: Json } {
  return { output: JSON.stringify(output), outputDetails: NOT_TRUNCATED };
}

/** The events whose details AWS puts under a key that is not simply the type's name. */
export function detailsKeyFor(type: EventType): DetailsKey | undefined {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  const keys: Partial<Record<EventType, DetailsKey>> = {
    ExecutionStarted: 'executionStartedEventDetails',
    ExecutionSucceeded: 'executionSucceededEventDetails',
    ExecutionFailed: 'executionFailedEventDetails',
    ExecutionAborted: 'executionAbortedEventDetails',
    ExecutionTimedOut: 'executionTimedOutEventDetails',
    TaskScheduled: 'taskScheduledEventDetails',
    TaskStarted: 'taskStartedEventDetails',
    TaskSubmitted: 'taskSubmittedEventDetails',
    TaskSucceeded: 'taskSucceededEventDetails',
    TaskFailed: 'taskFailedEventDetails',
    TaskTimedOut: 'taskTimedOutEventDetails',
    LambdaFunctionScheduled: 'lambdaFunctionScheduledEventDetails',
    LambdaFunctionSucceeded: 'lambdaFunctionSucceededEventDetails',
    LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
    LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
    MapStateStarted: 'mapStateStartedEventDetails',
    MapIterationStarted: 'mapIterationStartedEventDetails',
    MapIterationSucceeded: 'mapIterationSucceededEventDetails',
    MapIterationFailed: 'mapIterationFailedEventDetails',
    MapIterationAborted: 'mapIterationAbortedEventDetails',
  };
  return keys[type];
}

import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/random.js';
import { expressExecutionArn, validResourceName, type Place } from './arns.js';
import type { Definition } from './definition/types.js';
import { recordEnded, recordStarted } from './execution-metrics.js';
import { newExecutionRecord } from './executions.js';
import type { ExecutionStatus } from './interpreter/model.js';
import { getMachine } from './machines.js';
import type { LambdaInvoker, StatesMetrics } from './ports.js';
import { runInMemory } from './run-in-memory.js';
import {
  InvalidExecutionInput,
  InvalidName,
  parseJsonText,
  StateMachineTypeNotSupported,
} from './service-errors.js';
import type { StatesStore } from './store.js';

export interface SyncExecutionDeps {
  store: StatesStore;
  clock: Clock;
  random: Random;
  invoker: LambdaInvoker;
  metrics: StatesMetrics | undefined;
  place: Place;
  /** A machine's definition text, checked and parsed (the engine caches them). */
  definitionOf(text: string): Definition;
}

/** "Maximum execution duration: 5 minutes" for Express workflows. */
export const EXPRESS_MAX_SECONDS = 300;

export interface SyncExecutionResult {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  startDate: number;
  stopDate: number;
  status: Extract<ExecutionStatus, 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT'>;
  input: string;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
}

/**
 * StartSyncExecution: runs an EXPRESS machine's execution to its end and answers with how it
 * ended (a failed execution is still a 200). Nothing is persisted, as AWS keeps no history of
 * express executions; the AWS/States metrics are recorded as for any execution.
 */
export async function startSyncExecution(
  deps: SyncExecutionDeps,
  machineArn: string,
  name: string | undefined,
  input: string | undefined,
): Promise<SyncExecutionResult> {
  const machine = await getMachine(deps.store, machineArn);
  if (machine.type !== 'EXPRESS') {
    // The API reference's words: "StartSyncExecution is not available for STANDARD workflows."
    throw new StateMachineTypeNotSupported('StartSyncExecution is not available for STANDARD workflows.');
  }
  const executionName = name ?? deps.random.uuid();
  if (!validResourceName(executionName)) throw new InvalidName(`Invalid Name: '${executionName}'`);
  const text = input ?? '{}';
  parseJsonText(
    text,
    (detail) => new InvalidExecutionInput(`Invalid State Machine Execution Input: '${detail}'`),
  );
  const parsed = deps.definitionOf(machine.definition);
  const limited: Definition = {
    ...parsed,
    TimeoutSeconds: Math.min(parsed.TimeoutSeconds ?? EXPRESS_MAX_SECONDS, EXPRESS_MAX_SECONDS),
  };
  const arn = expressExecutionArn(deps.place, machine.name, executionName, deps.random.uuid());
  const record = newExecutionRecord(machine, limited, arn, executionName, text, deps.clock);
  recordStarted(deps.metrics, record);
  const { state } = await runInMemory(
    { clock: deps.clock, random: deps.random, invoker: deps.invoker, region: deps.place.region },
    record.state,
    limited,
  );
  const stopDate = state.stopTime ?? deps.clock.now();
  const status = state.status === 'SUCCEEDED' || state.status === 'TIMED_OUT' ? state.status : 'FAILED';
  recordEnded(deps.metrics, { stateMachineArn: machine.arn, status, startDate: record.startDate, stopDate });
  return {
    executionArn: arn,
    stateMachineArn: machine.arn,
    name: executionName,
    startDate: record.startDate,
    stopDate,
    status,
    input: text,
    output: state.output === undefined ? undefined : JSON.stringify(state.output),
    error: state.error,
    cause: state.cause,
  };
}

import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/random.js';
import { executionArn, parseExecutionArn, validResourceName, type Place } from './arns.js';
import type { ExecutionEngine } from './engine.js';
import { newExecutionRecord } from './executions.js';
import type { Json } from './json.js';
import type { ExecutionStatus } from './interpreter/model.js';
import { findTokenTask } from './interpreter/step.js';
import { readTaskToken } from './interpreter/task-token.js';
import { getMachine } from './machines.js';
import type { ExecutionRecord } from './records.js';
import {
  executionMissing,
  ExecutionAlreadyExists,
  invalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  parseJsonText,
  TaskDoesNotExist,
} from './service-errors.js';
import type { StatesStore } from './store.js';

export interface ExecutionsDeps {
  store: StatesStore;
  engine: ExecutionEngine;
  clock: Clock;
  random: Random;
  place: Place;
}

/**
 * StartExecution. A STANDARD execution's name is unique for 90 days: the same name and input as
 * a running execution returns that execution (idempotent), anything else is ExecutionAlreadyExists.
 */
export async function startExecution(
  deps: ExecutionsDeps,
  machineArn: string,
  name: string | undefined,
  input: string | undefined,
): Promise<ExecutionRecord> {
  const machine = await getMachine(deps.store, machineArn);
  const executionName = name ?? deps.random.uuid();
  if (!validResourceName(executionName)) throw new InvalidName(`Invalid Name: '${executionName}'`);
  const text = input ?? '{}';
  parseJsonText(
    text,
    (detail) => new InvalidExecutionInput(`Invalid State Machine Execution Input: '${detail}'`),
  );
  const arn = executionArn(deps.place, machine.name, executionName);
  const definition = deps.engine.definitionOf(machine.definition);
  const { record, created } = await deps.store.transact((r) => {
    const existing = r.execution(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === text)
        return { changes: [], result: { record: existing, created: false } };
      throw new ExecutionAlreadyExists(`Execution Already Exists: '${arn}'`);
    }
    const fresh = newExecutionRecord(machine, definition, arn, executionName, text, deps.clock);
    return {
      changes: [{ kind: 'putExecution', execution: fresh }],
      result: { record: fresh, created: true },
    };
  });
  if (created) await deps.engine.begin(record);
  return record;
}

export function requireExecutionArn(arn: string): void {
  if (!parseExecutionArn(arn)) throw invalidArn(arn);
}

export async function getExecution(store: StatesStore, arn: string): Promise<ExecutionRecord> {
  requireExecutionArn(arn);
  const execution = await store.read((r) => r.execution(arn));
  if (!execution) throw executionMissing(arn);
  return execution;
}

export async function stopExecution(
  deps: ExecutionsDeps,
  arn: string,
  error: string | undefined,
  cause: string | undefined,
): Promise<ExecutionRecord> {
  const execution = await getExecution(deps.store, arn);
  if (execution.status !== 'RUNNING') return execution;
  return (await deps.engine.observe(arn, { kind: 'stop', error, cause })) ?? execution;
}

export async function listExecutions(
  store: StatesStore,
  machineArn: string,
  status: ExecutionStatus | undefined,
): Promise<ExecutionRecord[]> {
  await getMachine(store, machineArn);
  return store.read((r) => r.executions({ stateMachineArn: machineArn, status }));
}

/** SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat: the token names the execution. */
export async function reportTask(
  deps: ExecutionsDeps,
  token: string,
  report:
    | { kind: 'success'; output: string }
    | { kind: 'failure'; error?: string; cause?: string }
    | { kind: 'heartbeat' },
): Promise<void> {
  const where = readTaskToken(token);
  if (!where) throw new InvalidToken(`Invalid Token: 'Invalid token'`);
  const execution = await deps.store.read((r) => r.execution(where.executionArn));
  if (!execution || execution.status !== 'RUNNING' || !findTokenTask(execution.state, token)) {
    throw new TaskDoesNotExist('Task Does Not Exist');
  }
  switch (report.kind) {
    case 'success': {
      const output = parseJsonText(report.output, (d) => new InvalidOutput(`Invalid Output: '${d}'`)) as Json;
      await deps.engine.observe(where.executionArn, { kind: 'taskSuccess', token, output });
      return;
    }
    case 'failure':
      await deps.engine.observe(where.executionArn, {
        kind: 'taskFailure',
        token,
        error: report.error,
        cause: report.cause,
      });
      return;
    case 'heartbeat':
      await deps.engine.observe(where.executionArn, { kind: 'taskHeartbeat', token });
      return;
  }
}

import type { Clock } from '../../common/clock.js';
import { newExecution } from './interpreter/step.js';
import type { Definition } from './definition/types.js';
import type { ExecutionRecord, StateMachineRecord } from './records.js';
import type { Json } from './json.js';

/** A new execution's record, RUNNING and not yet stepped. */
export function newExecutionRecord(
  machine: StateMachineRecord,
  definition: Definition,
  arn: string,
  name: string,
  input: string,
  clock: Clock,
): ExecutionRecord {
  const startDate = clock.now();
  return {
    arn,
    stateMachineArn: machine.arn,
    name,
    status: 'RUNNING',
    startDate,
    stopDate: undefined,
    input,
    output: undefined,
    error: undefined,
    cause: undefined,
    definition: machine.definition,
    state: newExecution(
      {
        executionArn: arn,
        name,
        stateMachineArn: machine.arn,
        stateMachineName: machine.name,
        roleArn: machine.roleArn,
        input: JSON.parse(input) as Json,
        startTime: startDate,
      },
      definition.TimeoutSeconds,
    ),
    rev: 0,
    wakeAt: startDate,
  };
}

import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import { InvalidArgumentError, type Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';
import { integerIn } from './options.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

function status(value: string): ExecutionStatus {
  const upper = value.toUpperCase();
  if (!STATUSES.includes(upper)) throw new InvalidArgumentError(`one of ${STATUSES.join(', ')}`);
  return upper as ExecutionStatus;
}

/**
 * `gradual executions [execution]`: recent Step Functions executions; one in full (its states,
 * where it is, its history); --watch follows it to its end (exit 1 unless it SUCCEEDED). Through
 * the Step Functions API only, as any AWS client.
 */
export function registerExecutions(program: Command): void {
  withConnectionOptions(
    program
      .command('executions [execution]')
      .description(
        'List Step Functions executions, or show one (ARN or <state machine>/<name>) with its states and history; --watch follows it',
      ),
  )
    .option('--watch', 'follow the execution live until it ends (exit 1 if it does not succeed)')
    .option('--state-machine <name>', 'only the executions of this state machine (name or ARN)')
    .option('--status <status>', `only executions in this status (${STATUSES.join(', ')})`, status)
    .option('--limit <n>', 'how many recent executions to list', integerIn(1, 1000), 20)
    .option('--events <n>', 'how many of the latest history events to show', integerIn(1, 100_000), 30)
    .action(loadedWhenRun(async () => (await import('./executions-action.js')).executionsAction));
}

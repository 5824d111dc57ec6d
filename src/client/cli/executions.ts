import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { realClock } from '../../common/clock.js';
import { sdkClients, withConnectionOptions, type ConnectionOptions } from '../sdk/connection.js';
import { readExecution, recentExecutions, resolveExecution, serverClock } from '../sdk/executions.js';
import { clientAction } from './client-errors.js';
import { platformNow } from './executions/model.js';
import { describeExecution, listExecutions } from './executions/render.js';
import { watchExecution } from './executions/watch.js';
import { integerIn } from './options.js';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

function status(value: string): ExecutionStatus {
  const upper = value.toUpperCase();
  if (!STATUSES.includes(upper)) throw new InvalidArgumentError(`one of ${STATUSES.join(', ')}`);
  return upper as ExecutionStatus;
}

interface Options extends ConnectionOptions {
  watch?: boolean;
  limit: number;
  stateMachine?: string;
  status?: ExecutionStatus;
  events: number;
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
    .action(
      clientAction(async (connection, opts: Options, ref?: string) => {
        const clients = sdkClients(connection);
        try {
          if (!ref) {
            if (opts.watch)
              throw new InvalidArgumentError(
                '--watch needs an execution: gradual executions <execution> --watch',
              );
            const listed = await recentExecutions(clients.sfn, {
              limit: opts.limit,
              ...(opts.stateMachine ? { machine: opts.stateMachine } : {}),
              ...(opts.status ? { status: opts.status } : {}),
            });
            process.stdout.write(listExecutions(listed).join('\n') + '\n');
            return;
          }
          const arn = await resolveExecution(clients.sfn, ref);
          if (opts.watch) {
            const { view, left } = await watchExecution(connection, arn, { out: process.stdout });
            if (left) process.exitCode = 130;
            else if (view.status !== 'SUCCEEDED') {
              process.stderr.write(
                `gradual: execution ${view.name} ${view.status}${view.error ? `: ${view.error}` : ''}${view.cause ? ` (${view.cause})` : ''}\n`,
              );
              process.exitCode = 1;
            }
            return;
          }
          const read = await serverClock(connection);
          const wall = realClock().now();
          const view = await readExecution(clients.sfn, arn);
          const now = platformNow(read && { ...read, readAt: wall }, wall);
          const width = Math.max(60, (process.stdout.columns ?? 120) - 1);
          process.stdout.write(
            describeExecution(view, { now, width, events: opts.events }).join('\n') + '\n',
          );
        } finally {
          clients.destroy();
        }
      }),
    );
}

import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import { InvalidArgumentError } from 'commander';
import { realClock } from '../../common/clock.js';
import { sdkClients, type ConnectionOptions } from '../sdk/connection.js';
import { readExecution, recentExecutions, resolveExecution, serverClock } from '../sdk/executions.js';
import { clientAction } from './client-errors.js';
import { platformNow } from './executions/model.js';
import { describeExecution, listExecutions } from './executions/render.js';
import { watchExecution } from './executions/watch.js';

interface Options extends ConnectionOptions {
  watch?: boolean;
  limit: number;
  stateMachine?: string;
  status?: ExecutionStatus;
  events: number;
}

/** What the command does (registered in executions.ts). */
export const executionsAction = clientAction(async (connection, opts: Options, ref?: string) => {
  const clients = sdkClients(connection);
  try {
    if (!ref) {
      if (opts.watch)
        throw new InvalidArgumentError('--watch needs an execution: gradual executions <execution> --watch');
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
    process.stdout.write(describeExecution(view, { now, width, events: opts.events }).join('\n') + '\n');
  } finally {
    clients.destroy();
  }
});

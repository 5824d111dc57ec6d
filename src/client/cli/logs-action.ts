import { signedJson as call, type ConnectionOptions } from '../sdk/connection.js';
import { realClock } from '../../common/clock.js';
import { clientAction } from './client-errors.js';

/**
 * `gradual logs <function> [--follow]`: a function's logs (START / output / END / REPORT), read
 * through the same public APIs any client uses: GetFunctionConfiguration for the log group, then
 * CloudWatch Logs' FilterLogEvents, polled once a second with --follow.
 */
interface Event {
  eventId: string;
  timestamp: number;
  message: string;
}

/** What the command does (registered in logs.ts). */
export const logsAction = clientAction(
  async (target, opts: ConnectionOptions & { since: number; follow?: boolean }, name: string) => {
    const config = (await call(target, {
      service: 'lambda',
      method: 'GET',
      path: `/2015-03-31/functions/${encodeURIComponent(name)}/configuration`,
    })) as { LoggingConfig?: { LogGroup?: string } };
    const group = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`;
    const clock = realClock();
    let start = clock.now() - opts.since;
    const seen = new Set<string>();
    for (;;) {
      let nextToken: string | undefined;
      do {
        let page: { events?: Event[]; nextToken?: string };
        try {
          page = (await call(target, {
            service: 'logs',
            method: 'POST',
            path: '/',
            headers: {
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': 'Logs_20140328.FilterLogEvents',
            },
            body: JSON.stringify({ logGroupName: group, startTime: start, nextToken }),
          })) as typeof page;
        } catch (error) {
          // No log group yet: the function has not run.
          if (!String(error).includes('does not exist')) throw error;
          page = {};
        }
        for (const event of page.events ?? []) {
          if (seen.has(event.eventId)) continue;
          seen.add(event.eventId);
          start = Math.max(start, event.timestamp);
          process.stdout.write(event.message + '\n');
        }
        nextToken = page.nextToken;
      } while (nextToken);
      if (!opts.follow) return;
      // A timer that keeps the process alive (the Clock's do not).
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  },
);

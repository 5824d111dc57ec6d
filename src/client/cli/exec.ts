import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { faketimeEnv, findLibfaketime } from '../../common/faketime.js';
import { realClock } from '../../common/clock.js';
import { signedJson, withConnectionOptions, type ConnectionOptions } from '../sdk/connection.js';
import { clientAction, UsageError } from './client-errors.js';

/** `GET /_gradual/v1/clock`: the server's platform time and how fast it runs. */
interface ServerClock {
  serverTime: number;
  timeScale: number;
}

/**
 * `gradual exec -- <command>`: runs a command on the server's clock. Under --time-scale a script
 * that reads the time, sleeps, or asks CloudWatch about "the last 10 minutes" (seed 002's recipe)
 * then lives in the rehearsal's time like the server and its functions; at real time the command
 * just runs. The AWS CLI inside signs with that time, which the server accepts.
 */
export function registerExec(program: Command): void {
  withConnectionOptions(
    program
      .command('exec <command> [args...]')
      .description(
        "Run a command on the server's clock (a rehearsal's, under --time-scale): gradual exec -- ./run.sh",
      ),
  ).action(
    clientAction(async (connection, _opts: ConnectionOptions, command: string, args: string[] = []) => {
      const wall = realClock();
      const clock = (await signedJson(connection, {
        service: 'gradual',
        method: 'GET',
        path: '/_gradual/v1/clock',
      })) as ServerClock;
      let env: Record<string, string> = {};
      if (clock.timeScale !== 1) {
        const library = findLibfaketime();
        if (!library)
          throw new UsageError(
            'the server rehearses at --time-scale, and running a command on its clock needs libfaketime (apt-get install libfaketime)',
          );
        env = faketimeEnv(clock.serverTime - wall.now(), clock.timeScale, library);
        const theirs = process.env['LD_PRELOAD'];
        if (theirs) env['LD_PRELOAD'] = `${env['LD_PRELOAD']}:${theirs}`;
      }
      const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
      const code = await new Promise<number>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
      });
      process.exitCode = code;
    }),
  );
}

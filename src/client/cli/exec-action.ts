import { spawn } from 'node:child_process';
import { faketimeEnv, findLibfaketime } from '../../common/faketime.js';
import { realClock } from '../../common/clock.js';
import { signedJson, type ConnectionOptions } from '../sdk/connection.js';
import { clientAction, UsageError } from './client-errors.js';

/** `GET /_gradual/v1/clock`: the server's platform time and how fast it runs. */
interface ServerClock {
  serverTime: number;
  timeScale: number;
}

/** What the command does (registered in exec.ts). */
export const execAction = clientAction(
  async (connection, _opts: ConnectionOptions, command: string, args: string[] = []) => {
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
  },
);

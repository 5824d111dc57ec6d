import { type Command, InvalidArgumentError } from 'commander';
import { realClock } from '../../common/clock.js';
import { loadedWhenRun } from './lazy-action.js';
import type { StartEmbeddedServer } from './demo-run.js';

export type { EmbeddedServer, StartEmbeddedServer } from './demo-run.js';

function timeScale(value: string): number {
  const n = Number(value);
  if (!(n >= 1 && n <= 600)) throw new InvalidArgumentError('must be a number from 1 to 600');
  return n;
}

export function registerDemo(program: Command, startServer: StartEmbeddedServer): void {
  program
    .command('demo')
    .description(
      'A half-minute tour: deploy examples/hello, ship a good change by canary, then a bad one that an alarm rolls back',
    )
    .option('--time-scale <n>', 'how many times faster the embedded server runs', timeScale, 20)
    .action(
      loadedWhenRun(async () => {
        const { runDemo } = await import('./demo-run.js');
        return async (opts: { timeScale: number }) => {
          const say = (line: string): void => void process.stdout.write(`${line}\n`);
          const result = await runDemo({
            startServer,
            timeScale: opts.timeScale,
            tty: process.stdout.isTTY === true,
            clock: realClock(),
            say,
          });
          process.exitCode = result.ok ? 0 : 1;
        };
      }),
    );
}

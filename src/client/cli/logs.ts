import { type Command, InvalidArgumentError, Option } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';

/** `--since 10m`: how far back, in milliseconds. */
export function parseSince(value: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(value);
  if (!m) throw new InvalidArgumentError('use a number and a unit: 30s, 10m, 2h, 1d');
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export function registerLogs(program: Command): void {
  withConnectionOptions(
    program
      .command('logs <function>')
      .description("Print a function's logs (START, its output, END, REPORT), all versions"),
  )
    .addOption(
      new Option('--since <duration>', 'how far back to start (30s, 10m, 2h, 1d)')
        .argParser(parseSince)
        .default(parseSince('1h'), '1h'),
    )
    .option('--follow', 'keep printing new lines as they come')
    .action(loadedWhenRun(async () => (await import('./logs-action.js')).logsAction));
}

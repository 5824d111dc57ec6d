import { InvalidArgumentError, Option, type Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';
import { durationSeconds, integerIn, nonNegative, SHIFT_TYPES } from './options.js';

/** `--errors 0.3..2`: the current and new versions' error rates, in percent. */
function errorRates(value: string): { base: number; worse: number } {
  const m = /^(\d+(?:\.\d+)?)%?\.\.(\d+(?:\.\d+)?)%?$/.exec(value);
  const base = Number(m?.[1]) / 100;
  const worse = Number(m?.[2]) / 100;
  if (!m || !(base > 0 && base < 1) || !(worse > 0 && worse < 1))
    throw new InvalidArgumentError('give the error rates in percent, current..new, e.g. 0.3..2');
  return { base, worse };
}

/** `gradual plan`: a deployment's schedule, total time and worst-case exposure, before it runs. */
export function registerPlan(program: Command): void {
  withConnectionOptions(
    program
      .command('plan')
      .description('Preview a deployment: its steps, total time and worst-case exposure at a traffic rate'),
  )
    .option('--config <name>', 'a deployment config (e.g. CodeDeployDefault.LambdaCanary10Percent5Minutes)')
    .option('--steps <n>', 'or a shift in n steps', integerIn(1, 100))
    .option('--interval <duration>', 'time between steps (90, 90s, 2m, 1h)', durationSeconds)
    .addOption(new Option('--type <type>', 'how the weight grows').choices(SHIFT_TYPES).default('linear'))
    .option('--rate <requests/s>', 'traffic on the alias, for the exposure (default 1)', nonNegative)
    .option('--for <function:alias>', "measure the rate: the alias's invocations over the last minutes")
    .option(
      '--min-sample <n>',
      'invocations the new version must serve per step',
      integerIn(1, 1_000_000_000),
    )
    .option(
      '--errors <current..new>',
      'when the judge would catch this error regression, in percent (e.g. 0.3..2)',
      errorRates,
    )
    .action(loadedWhenRun(async () => (await import('./plan-action.js')).planAction));
}

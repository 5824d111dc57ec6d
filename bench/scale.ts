/**
 * gradual under pressure, each part against a fresh `gradual serve` in its own process (built
 * from dist/, as `npm start` runs it), measured from outside:
 *
 * 1. the control plane with 10 / 100 / 1,000 / 5,000 functions: latency and the server's RSS;
 * 2. 10 / 200 / 1,000 CreateDeployment calls at once on the scaled clock: acceptance rate,
 *    failed calls, time until all finished, aliases left behind;
 * 3. a soak of steady traffic on the scaled clock (retention and log caps at work): RSS, heap
 *    and data dir size over time, then a minute without traffic.
 *
 * Run: npm run bench:scale [-- --only functions,deployments,soak] [--functions 10,100,1000,5000]
 *      [--deployments 10,200,1000] [--soak-minutes 3 (30 for the long run)] [--time-scale 60]
 */
import { build } from './scale/server-process.js';
import { deploymentsPhase } from './scale/deployments-phase.js';
import { functionsPhase } from './scale/functions-phase.js';
import { soakPhase } from './scale/soak-phase.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const list = (name: string, fallback: string): number[] => arg(name, fallback).split(',').map(Number);

const only = new Set(arg('only', 'functions,deployments,soak').split(','));
const timeScale = Number(arg('time-scale', '60'));

build();
if (only.has('functions')) await functionsPhase(list('functions', '10,100,1000,5000'));
if (only.has('deployments')) await deploymentsPhase(list('deployments', '10,200,1000'), timeScale);
if (only.has('soak')) {
  const minutes = Number(arg('soak-minutes', '3'));
  await soakPhase({
    minutes,
    timeScale,
    functions: Number(arg('soak-functions', '50')),
    perSecond: Number(arg('soak-rate', '20')),
    logKb: Number(arg('soak-log-kb', '4')),
    logCapMb: Number(arg('soak-log-cap', '2')),
    retentionDays: 1,
    sampleEverySeconds: Number(arg('soak-sample', minutes > 5 ? '120' : '30')),
  });
}

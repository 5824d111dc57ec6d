import { signedJson, type ConnectionOptions } from '../sdk/connection.js';
import { getAlias } from '../sdk/lambda-api.js';
import { aliasRate } from './progress/sources.js';
import { clientAction, UsageError } from './client-errors.js';
import type { ShiftType } from './options.js';
import { formatDuration } from './progress/render.js';
import { table } from './table.js';
import { PLAN_PATH, type PlanRequest, type PlanResponse } from '../../contracts/gradual-api.js';

type PlanReply = PlanResponse;

interface PlanOptions extends ConnectionOptions {
  config?: string;
  steps?: number;
  interval?: number;
  type: ShiftType;
  rate?: number;
  for?: string;
  minSample?: number;
  errors?: { base: number; worse: number };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The plan as the user reads it: a table of steps, the total time, the worst case. */
export function planText(reply: PlanReply, title: string): string[] {
  const { plan } = reply;
  const rows = [
    ['STEP', 'NEW VERSION', 'STARTS AT', 'HOLDS', `REQUESTS TO NEW (at ${plan.requestsPerSecond}/s)`],
  ];
  plan.steps.forEach((s, i) =>
    rows.push([
      String(i + 1),
      `${s.weight}%`,
      formatDuration(s.startsAtMs),
      s.weight === 100 ? '-' : formatDuration(s.holdMs),
      s.weight === 100 ? '-' : String(s.expectedOnTarget),
    ]),
  );
  const lines = [title, '', ...table(rows), ''];
  lines.push(`Total time to 100%: ${formatDuration(plan.shiftMs)} (hooks not included).`);
  lines.push(
    `Worst-case exposure: ${plural(plan.worstCaseExposure.requests, 'request')} (${plan.worstCaseExposure.percentOfTraffic}% of traffic during the shift)`,
    '  reach the new version before it takes all traffic, if it fails them all and no alarm fires.',
  );
  if (plan.sample) {
    lines.push(
      plan.sample.stepsShort.length
        ? `Minimum sample of ${plan.sample.minInvocations}: not reached at ${plan.sample.stepsShort.map((w) => `${w}%`).join(', ')} at this rate (those steps hold longer, or fail, per the policy).`
        : `Minimum sample of ${plan.sample.minInvocations}: every step reaches it at this rate.`,
    );
  }
  const d = plan.detection;
  if (d) {
    const change = `errors ${percentText(d.baseErrorRate)} -> ${percentText(d.errorRate)}`;
    const judge = `The judge (${Math.round(d.confidence * 100)}% confidence${d.tolerance === null ? ', errors not judged' : `, errors tolerated ${Math.round(d.tolerance * 100)}% worse`})`;
    lines.push(
      d.afterMs === null
        ? `${judge} would not catch ${change} before 100% at this rate (the new version serves ${d.targetRequests} requests by then).`
        : `${judge} catches ${change} after about ${formatDuration(d.afterMs)}, when the new version has served ${d.targetRequests} requests (${d.targetErrors} errors); about half of real runs sooner.`,
    );
  }
  return lines;
}

function percentText(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}

/** What the command does (registered in plan.ts). */
export const planAction = clientAction(async (connection, opts: PlanOptions) => {
  if (opts.config && (opts.steps !== undefined || opts.interval !== undefined))
    throw new UsageError('give either --config, or --steps and --interval, not both');
  if (!opts.config && (opts.steps === undefined || opts.interval === undefined))
    throw new UsageError(
      'say what to plan: --config <name>, or --steps <n> --interval <duration> [--type linear|exponential]',
    );
  const gradualOptions = {
    ...(opts.steps !== undefined
      ? { weightFunction: { type: opts.type, steps: opts.steps, intervalSeconds: opts.interval } }
      : {}),
    ...(opts.minSample ? { minimumSample: { invocations: opts.minSample } } : {}),
  };
  if (opts.for !== undefined && opts.rate !== undefined)
    throw new UsageError('give either --rate, or --for <function:alias> to measure it, not both');
  const ask = async (rate: number): Promise<PlanReply> =>
    (await signedJson(connection, {
      service: 'gradual',
      method: 'POST',
      path: PLAN_PATH,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...(opts.config ? { deploymentConfigName: opts.config } : {}),
        requestsPerSecond: rate,
        gradualOptions,
        ...(opts.errors ? { detect: { baseErrorRate: opts.errors.base, errorRate: opts.errors.worse } } : {}),
      } satisfies PlanRequest),
    })) as PlanReply;
  let reply = await ask(opts.rate ?? 1);
  let measured = '';
  if (opts.for !== undefined) {
    const [functionName, alias] = opts.for.split(':');
    if (!functionName || !alias) throw new UsageError('--for takes function:alias, e.g. --for hello:live');
    // Five minutes of the server's time, or one of ours when its clock runs faster.
    const windowMs = Math.max(300_000, 60_000 * reply.timeScale);
    // No such function or alias is an error, not a rate of 0.
    await getAlias(connection, functionName, alias);
    const rate = await aliasRate(connection, { functionName, alias, endMs: reply.serverTime, windowMs });
    measured = `${opts.for} served ${rate} requests/s over the last ${formatDuration(windowMs)}${reply.timeScale !== 1 ? ` of server time (×${reply.timeScale})` : ''}.`;
    reply = await ask(rate);
  }
  const title = opts.config
    ? `Plan for ${reply.deploymentConfigName}:`
    : `Plan: ${opts.type}, ${opts.steps} step${opts.steps === 1 ? '' : 's'}, ${formatDuration(opts.interval! * 1000)} apart:`;
  process.stdout.write([...(measured ? [measured] : []), ...planText(reply, title)].join('\n') + '\n');
});

/**
 * The judge against a fixed-threshold alarm, on virtual time with simulated traffic (many seeded
 * runs of each scenario; the same seeds for every guard, so both see the same traffic):
 *
 * 1. Identical versions: how often each guard rolls back a version that is no worse.
 * 2. Errors 0.3% -> 2%: detection rate, time to rollback, users who saw the bad version.
 * 3. p99 1.5x (same median, a heavier tail): the same.
 * 4. A good version with early promotion: how much sooner the rollout finishes.
 * 5. The same canaries decided by the deployment engine's own step function (fewer runs: slower).
 *
 * The alarm is CloudWatch's kind, on the new version's one-minute datapoints (Errors Sum, or p99
 * Duration), its threshold calibrated in this run as the lowest that rolls back at most 1% of the
 * identical runs: the best a fixed threshold can do at the judge's false-rollback goal, for this
 * exact traffic and base rate (an oracle: a team setting one by hand knows neither). Then the same
 * alarm when traffic doubles or both versions' error rate does. The alarm SAM's documentation
 * shows (Errors > 0 for 2 of 2 minutes) is measured as well.
 *
 * Run: npm run bench:judge [-- --runs 1000 --engine-runs 200]
 */
import { seededRandom } from '../src/common/random.js';
import { parseJudgeConfig, type JudgeJson } from '../src/server/deployments/judge/config.js';
import {
  lognormal,
  simulateCanary,
  type AlarmRule,
  type Guard,
  type Outcome,
  type Scenario,
  type VersionBehaviour,
} from '../src/server/deployments/judge/test-support/traffic-sim.js';
import { simulateThroughEngine } from '../src/server/deployments/judge/test-support/engine-sim.js';
import { median, percentile } from './stats.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 1000);
const BAD_RUNS = Math.max(50, Math.round(RUNS / 3));
const MINUTE = 60_000;

const SIGMA = 0.5;
/** A heavier tail: p99 x1.5, p90 x1.25, the median unchanged. */
const SLOW_SIGMA = SIGMA + Math.log(1.5) / 2.326348;
const good: VersionBehaviour = { errorRate: 0.003, latency: lognormal(50, SIGMA) };
const failing: VersionBehaviour = { errorRate: 0.02, latency: lognormal(50, SIGMA) };
const slow: VersionBehaviour = { errorRate: 0.003, latency: lognormal(50, SLOW_SIGMA) };

const CANARY_30 = [
  { weight: 10, holdMs: 30 * MINUTE },
  { weight: 100, holdMs: 0 },
];
const LINEAR_10x3 = [
  ...Array.from({ length: 9 }, (_, i) => ({ weight: 10 * (i + 1), holdMs: 3 * MINUTE })),
  { weight: 100, holdMs: 0 },
];

const scenario = (target: VersionBehaviour, schedule = CANARY_30, rps = 20): Scenario => ({
  rps,
  schedule,
  current: good,
  target,
});

function runAll(s: Scenario, guard: Guard, runs: number, seed: number): Outcome[] {
  return Array.from({ length: runs }, (_, i) => simulateCanary(s, guard, seededRandom(seed + i)));
}

const judgeGuard = (json: JudgeJson): Guard => ({
  kind: 'judge',
  config: parseJudgeConfig(json),
  lookMs: 10_000,
});

/** The statistic an M-of-N alarm compares with its threshold, at its worst minute of a run. */
function worstWindow(rule: Omit<AlarmRule, 'threshold'>, o: Outcome): number {
  let worst = -Infinity;
  const values = o.minutes.map((m) => (rule.metric === 'Errors' ? m.errors : (m.p99 ?? -Infinity)));
  for (let end = rule.periods; end <= values.length; end++) {
    // The M-th largest of the last N: the alarm breaches when it exceeds the threshold.
    const window = values.slice(end - rule.periods, end).sort((a, b) => b - a);
    worst = Math.max(worst, window[rule.datapoints - 1]!);
  }
  return worst;
}

/** The lowest threshold that at most 1% of the identical runs exceed. */
function calibrate(rule: Omit<AlarmRule, 'threshold'>, identical: Outcome[]): AlarmRule {
  const worst = identical.map((o) => worstWindow(rule, o)).sort((a, b) => a - b);
  const allowed = Math.floor(identical.length * 0.01);
  return { ...rule, threshold: worst[worst.length - 1 - allowed]! };
}

interface Row {
  guard: string;
  outcomes: Outcome[];
}

function summarise(title: string, rows: Row[], expectBad: boolean): void {
  console.log(`\n${title}`);
  console.log(
    `${'guard'.padEnd(46)} ${(expectBad ? 'detected' : 'rolled back').padStart(11)} ${'median time'.padStart(12)} ${'median users'.padStart(13)} ${'p90 users'.padStart(10)}`,
  );
  for (const { guard, outcomes } of rows) {
    const rolled = outcomes.filter((o) => o.result === 'rolled-back');
    // A bad version that was promoted reached every user: count it as unbounded.
    const users = outcomes.map((o) => (o.result === 'promoted' && expectBad ? Infinity : o.targetRequests));
    const show = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : 'everyone');
    const time = median(
      outcomes.map((o) => (o.result === 'promoted' && expectBad ? Infinity : o.durationMs)),
    );
    console.log(
      `${guard.padEnd(46)} ${`${((100 * rolled.length) / outcomes.length).toFixed(1)}%`.padStart(11)} ${(Number.isFinite(time) ? `${(time / MINUTE).toFixed(1)} min` : 'never').padStart(12)} ${show(median(users)).padStart(13)} ${show(percentile(users, 90)).padStart(10)}`,
    );
  }
}

const started = performance.now();
const DEFAULT_JUDGE: JudgeJson = {};
console.log(
  `Simulated canaries: 20 requests/s, CodeDeploy's Canary10Percent30Minutes (2 requests/s on the new version), ` +
    `errors 0.3%, latency lognormal (median 50 ms, p99 160 ms); the judge with its defaults (99% confidence, ` +
    `errors and p50/p99 each tolerated 20% worse), looking every 10 s. ${RUNS} identical runs, ${BAD_RUNS} per regression.`,
);

// 1. Identical versions, unguarded (for calibration) and judged.
const unguarded = runAll(scenario(good), { kind: 'none' }, RUNS, 1);
const errorAlarm = calibrate({ metric: 'Errors', datapoints: 1, periods: 1 }, unguarded);
const latencyAlarm = calibrate({ metric: 'p99', datapoints: 1, periods: 1 }, unguarded);
const samAlarm: AlarmRule = { metric: 'Errors', threshold: 0, datapoints: 2, periods: 2 };
const alarmName = (a: AlarmRule) =>
  `alarm ${a.metric === 'Errors' ? 'Errors' : 'p99'} > ${a.metric === 'p99' ? `${Math.round(a.threshold)} ms` : a.threshold}${a.datapoints > 1 ? `, ${a.datapoints} of ${a.periods} min` : ' in a minute'}`;
const identicalRows: Row[] = [
  { guard: 'judge', outcomes: runAll(scenario(good), judgeGuard(DEFAULT_JUDGE), RUNS, 1) },
  {
    guard: `${alarmName(errorAlarm)} (calibrated)`,
    outcomes: runAll(scenario(good), { kind: 'alarm', alarm: errorAlarm }, RUNS, 1),
  },
  {
    guard: `${alarmName(latencyAlarm)} (calibrated)`,
    outcomes: runAll(scenario(good), { kind: 'alarm', alarm: latencyAlarm }, RUNS, 1),
  },
  {
    guard: `${alarmName(samAlarm)} (SAM docs)`,
    outcomes: runAll(scenario(good), { kind: 'alarm', alarm: samAlarm }, RUNS, 1),
  },
];
summarise('1. Identical versions: false rollbacks (goal: at most 1%)', identicalRows, false);

// The same guards when the world moves under them: traffic doubles, or a dependency makes both
// versions fail twice as often. The judge compares within the window; a threshold does not.
const busier = scenario(good, CANARY_30, 40);
const flaky: VersionBehaviour = { ...good, errorRate: 0.006 };
const flakyBoth: Scenario = { ...scenario(flaky), current: flaky };
summarise(
  '   ... and the same guards, unchanged, when the world moves (identical versions still)',
  [
    {
      guard: 'traffic doubles (40 req/s): judge',
      outcomes: runAll(busier, judgeGuard(DEFAULT_JUDGE), RUNS, 1),
    },
    {
      guard: `traffic doubles: ${alarmName(errorAlarm)}`,
      outcomes: runAll(busier, { kind: 'alarm', alarm: errorAlarm }, RUNS, 1),
    },
    {
      guard: 'both versions at 0.6% errors: judge',
      outcomes: runAll(flakyBoth, judgeGuard(DEFAULT_JUDGE), RUNS, 1),
    },
    {
      guard: `both at 0.6%: ${alarmName(errorAlarm)}`,
      outcomes: runAll(flakyBoth, { kind: 'alarm', alarm: errorAlarm }, RUNS, 1),
    },
  ],
  false,
);

// 2. Errors 0.3% -> 2%.
summarise(
  '2. Errors 0.3% -> 2% on the new version (goal: detected in at least 99% of runs)',
  [
    { guard: 'judge', outcomes: runAll(scenario(failing), judgeGuard(DEFAULT_JUDGE), BAD_RUNS, 100_000) },
    {
      guard: `${alarmName(errorAlarm)} (calibrated)`,
      outcomes: runAll(scenario(failing), { kind: 'alarm', alarm: errorAlarm }, BAD_RUNS, 100_000),
    },
    {
      guard: `${alarmName(samAlarm)} (SAM docs)`,
      outcomes: runAll(scenario(failing), { kind: 'alarm', alarm: samAlarm }, BAD_RUNS, 100_000),
    },
  ],
  true,
);

// 3. p99 x1.5.
summarise(
  '3. p99 1.5x (p90 1.25x, same median) on the new version',
  [
    { guard: 'judge', outcomes: runAll(scenario(slow), judgeGuard(DEFAULT_JUDGE), BAD_RUNS, 200_000) },
    {
      guard: 'judge, latency tolerated 10%',
      outcomes: runAll(scenario(slow), judgeGuard({ latency: { tolerance: 0.1 } }), BAD_RUNS, 200_000),
    },
    {
      guard: `${alarmName(latencyAlarm)} (calibrated)`,
      outcomes: runAll(scenario(slow), { kind: 'alarm', alarm: latencyAlarm }, BAD_RUNS, 200_000),
    },
  ],
  true,
);

// 4. Early promotion of a good version.
const EARLY: JudgeJson = {
  errors: { passWithin: 0.005 },
  earlyPromotion: { minStepSeconds: 60, minInvocations: 100 },
};
const early = (schedule: typeof CANARY_30, rps: number, label: string): Row[] => [
  {
    guard: `${label}: full schedule`,
    outcomes: runAll(scenario(good, schedule, rps), judgeGuard(DEFAULT_JUDGE), 200, 300_000),
  },
  {
    guard: `${label}: early promotion`,
    outcomes: runAll(scenario(good, schedule, rps), judgeGuard(EARLY), 200, 300_000),
  },
];
summarise(
  '4. A good version (identical), with early promotion (errors may pass within 0.5 points; steps of at least 60 s and 100 invocations)',
  [
    ...early(CANARY_30, 20, 'canary 10% 30 min, 20 req/s'),
    ...early(CANARY_30, 200, 'canary 10% 30 min, 200 req/s'),
    ...early(LINEAR_10x3, 20, 'linear 10% every 3 min, 20 req/s'),
  ],
  false,
);
summarise(
  '   ... and the same early-promotion judge on the regressions',
  [
    { guard: 'errors 0.3% -> 2%', outcomes: runAll(scenario(failing), judgeGuard(EARLY), BAD_RUNS, 100_000) },
    { guard: 'p99 1.5x', outcomes: runAll(scenario(slow), judgeGuard(EARLY), BAD_RUNS, 200_000) },
  ],
  true,
);
// 5. The same canaries decided by the deployment engine's pure step function (the judge as the
// engine consults it, early promotion and the alarm interruption as the engine applies them).
const ENGINE_RUNS = arg('--engine-runs', 200);
const viaEngine = (s: Scenario, guard: Guard, runs: number, seed: number): Outcome[] =>
  Array.from({ length: runs }, (_, i) => simulateThroughEngine(s, guard, seededRandom(seed + i)));
const engineBad = Math.max(20, Math.round(ENGINE_RUNS / 2));
summarise(
  `5. Through the deployment engine's step function: identical versions (${ENGINE_RUNS} runs)`,
  [
    { guard: 'judge', outcomes: viaEngine(scenario(good), judgeGuard(DEFAULT_JUDGE), ENGINE_RUNS, 1) },
    {
      guard: 'judge with early promotion, 200 req/s',
      outcomes: viaEngine(
        scenario(good, CANARY_30, 200),
        judgeGuard(EARLY),
        Math.round(ENGINE_RUNS / 4),
        300_000,
      ),
    },
  ],
  false,
);
summarise(
  `   ... and the regressions (${engineBad} runs each)`,
  [
    {
      guard: 'errors 0.3% -> 2%: judge',
      outcomes: viaEngine(scenario(failing), judgeGuard(DEFAULT_JUDGE), engineBad, 100_000),
    },
    {
      guard: `errors 0.3% -> 2%: ${alarmName(errorAlarm)}`,
      outcomes: viaEngine(scenario(failing), { kind: 'alarm', alarm: errorAlarm }, engineBad, 100_000),
    },
    {
      guard: 'p99 1.5x: judge',
      outcomes: viaEngine(scenario(slow), judgeGuard(DEFAULT_JUDGE), engineBad, 200_000),
    },
  ],
  true,
);
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`);

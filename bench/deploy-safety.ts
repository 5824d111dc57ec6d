/**
 * How safe a bad release is, measured on the real server in-process:
 *
 * 1. Alarm to alias restored: a canary whose new version fails every request; from the moment the
 *    alarm enters ALARM to the moment the rollback has put the alias back (median and p99 over 20
 *    runs). Baseline in the same run: one UpdateAlias call through the API, the least any rollback
 *    must do.
 * 2. Errors users see during a bad canary: steady thin traffic (4 requests/s), 10% canary held one
 *    (scaled) minute, an alarm on the new version's errors with rollback, with and without gradual's
 *    minimum-sample gate (hold until the new version served 5 requests). Without the gate a quiet
 *    canary can pass unjudged and promote the bad version to everyone.
 *
 * Run: npm run bench:deploy-safety [-- --runs 20]
 */
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, CreateApplicationCommand } from '@aws-sdk/client-codedeploy';
import {
  GetAliasCommand,
  InvokeCommand,
  UpdateAliasCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { scaledClock } from '../src/common/clock.js';
import { appSpec, createGroup, deploy, functionWithVersions } from '../test/support/codedeploy.js';
import { withGradualOptions } from '../test/support/gradual-options.js';
import { startTestServer, type TestServer } from '../test/support/server.js';
import { median, percentile, printTable } from './stats.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 20;
const clients = (t: TestServer) => {
  const config = {
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
    maxAttempts: 1,
  };
  return { cd: new CodeDeployClient(config), cw: new CloudWatchClient(config) };
};

/** Versions 1 (good) and 2 (fails every request), alias `live` on 1, an alarm on version 2's errors. */
async function badRelease(t: TestServer, cw: CloudWatchClient, fn: string): Promise<void> {
  await functionWithVersions(t.lambda, fn, 1);
  const { UpdateFunctionCodeCommand, PublishVersionCommand } = await import('@aws-sdk/client-lambda');
  const { buildZip } = await import('../src/common/zip-writer.js');
  await t.lambda.send(
    new UpdateFunctionCodeCommand({
      FunctionName: fn,
      ZipFile: await buildZip({
        'index.js': 'exports.handler = async () => { throw new Error("v2 is broken"); };\n',
      }),
    }),
  );
  for (;;) {
    const { GetFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
    const c = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }));
    if (c.LastUpdateStatus === 'Successful') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await t.lambda.send(new PublishVersionCommand({ FunctionName: fn }));
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: `${fn}-errors`,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [
        { Name: 'FunctionName', Value: fn },
        { Name: 'Resource', Value: `${fn}:live` },
        { Name: 'ExecutedVersion', Value: '2' },
      ],
      Statistic: 'Sum',
      Period: 10,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
}

async function aliasVersion(lambda: LambdaClient, fn: string): Promise<string> {
  const a = await lambda.send(new GetAliasCommand({ FunctionName: fn, Name: 'live' }));
  return a.RoutingConfig?.AdditionalVersionWeights
    ? `${a.FunctionVersion}+${Object.keys(a.RoutingConfig.AdditionalVersionWeights)[0]}`
    : a.FunctionVersion!;
}

async function alarmToRestored(): Promise<{ restore: number[]; updateAlias: number[] }> {
  const t = await startTestServer();
  const { cd, cw } = clients(t);
  const restore: number[] = [];
  const updateAlias: number[] = [];
  // Moments seen by listeners, in the order they happen.
  const moments = { alarmedAt: 0, restoredAt: 0 };
  t.server.metrics.events.onStateChange((c) => {
    if (c.current.value === 'ALARM') moments.alarmedAt = performance.now();
  });
  t.server.engine.onChange((d) => {
    if (d.isRollback && d.status === 'Succeeded') moments.restoredAt = performance.now();
  });
  await cd.send(new CreateApplicationCommand({ applicationName: 'bench', computePlatform: 'Lambda' }));
  for (let i = 0; i < runs; i++) {
    const fn = `bad-${i}`;
    await badRelease(t, cw, fn);
    await createGroup(cd, 'bench', fn, {
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent30Minutes',
      alarmConfiguration: { enabled: true, alarms: [{ name: `${fn}-errors` }] },
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
    });
    moments.alarmedAt = 0;
    moments.restoredAt = 0;
    await deploy(cd, 'bench', fn, appSpec(fn, '1', '2'));
    while ((await aliasVersion(t.lambda, fn)) !== '1+2') await new Promise((r) => setTimeout(r, 5));
    // Traffic until the new version fails once and the rollback lands.
    while (moments.restoredAt === 0) {
      await t.lambda.send(
        new InvokeCommand({ FunctionName: fn, Qualifier: 'live', Payload: Buffer.from('{}') }),
      );
    }
    restore.push(moments.restoredAt - moments.alarmedAt);
    const started = performance.now();
    await t.lambda.send(
      new UpdateAliasCommand({ FunctionName: fn, Name: 'live', FunctionVersion: '1', RoutingConfig: {} }),
    );
    updateAlias.push(performance.now() - started);
  }
  cd.destroy();
  cw.destroy();
  await t.dispose();
  return { restore, updateAlias };
}

/** One bad canary under thin steady traffic; returns the errors users saw and where the alias ended. */
async function badCanary(
  gate: boolean,
  run: number,
): Promise<{ errors: number; requests: number; final: string }> {
  const t = await startTestServer({}, { clock: scaledClock(60) });
  const { cd, cw } = clients(t);
  const fn = `canary-${gate ? 'gated' : 'plain'}-${run}`;
  await badRelease(t, cw, fn);
  if (gate)
    withGradualOptions(cd, { minimumSample: { invocations: 5, policy: 'hold', maxHoldSeconds: 3600 } });
  await createGroup(cd, 'app', 'g', {
    deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    alarmConfiguration: { enabled: true, alarms: [{ name: `${fn}-errors` }] },
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_FAILURE'] },
  });
  await deploy(cd, 'app', 'g', appSpec(fn, '1', '2'));
  let errors = 0;
  let requests = 0;
  const end = performance.now() + 12_000; // 12 real seconds = 12 scaled minutes
  while (performance.now() < end) {
    const out = await t.lambda.send(
      new InvokeCommand({ FunctionName: fn, Qualifier: 'live', Payload: Buffer.from('{}') }),
    );
    requests++;
    if (out.FunctionError) errors++;
    await new Promise((r) => setTimeout(r, 250));
  }
  const final = await aliasVersion(t.lambda, fn);
  cd.destroy();
  cw.destroy();
  await t.dispose();
  return { errors, requests, final };
}

const latency = await alarmToRestored();
printTable(`Alarm to alias restored, ${runs} runs (real clock)`, 'UpdateAlias', [
  { name: 'median', gradual: median(latency.restore), baseline: median(latency.updateAlias), unit: 'ms' },
  {
    name: 'p99',
    gradual: percentile(latency.restore, 99),
    baseline: percentile(latency.updateAlias, 99),
    unit: 'ms',
  },
]);

const canaryRuns = 8;
const plain: Awaited<ReturnType<typeof badCanary>>[] = [];
const gated: Awaited<ReturnType<typeof badCanary>>[] = [];
for (let i = 0; i < canaryRuns; i++) {
  plain.push(await badCanary(false, i));
  gated.push(await badCanary(true, i));
}
console.log(
  `\nBad canary (v2 fails every request; 10% for 5 min at 60x; 4 req/s for 12 s), ${canaryRuns} runs each`,
);
console.log(
  `${'policy'.padEnd(24)} ${'errors (total)'.padStart(15)} ${'requests (total)'.padStart(17)}   errors per run; version the alias ended on`,
);
for (const [name, results] of [
  ['no sample gate', plain],
  ['minimum sample 5 (hold)', gated],
] as const) {
  const total = (f: (r: (typeof results)[number]) => number): number =>
    results.reduce((sum, r) => sum + f(r), 0);
  console.log(
    `${name.padEnd(24)} ${String(total((r) => r.errors)).padStart(15)} ${String(total((r) => r.requests)).padStart(17)}   ${results.map((r) => `${r.errors}:v${r.final}`).join(' ')}`,
  );
}

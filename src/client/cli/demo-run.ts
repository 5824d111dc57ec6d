import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../common/package-root.js';
import { sdkClients, type Connection } from '../sdk/connection.js';
import type { Clock } from '../../common/clock.js';
import { runStackDeploy, summarizeStack, type StackDeployRun } from './deploy-stack.js';
import type { Followed } from '../stack/follow-stack.js';
import { DemoTraffic, trafficLine, trafficWindowLine } from './demo-traffic.js';

/** The demo's own server, embedded in this process (the program's entry passes gradual's). */
export interface EmbeddedServer {
  url: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  close(): Promise<void>;
}
export type StartEmbeddedServer = (o: { dataDir: string; timeScale: number }) => Promise<EmbeddedServer>;

/** examples/ of this checkout. */
const EXAMPLES = join(packageRoot(), 'examples');
const STACK = 'hello';

export interface DemoOptions {
  startServer: StartEmbeddedServer;
  timeScale: number;
  /** Whether the output is a terminal (the progress view redraws there). */
  tty: boolean;
  /** The demo's own (wall) clock, for traffic pacing and its timing. */
  clock: Clock;
  say: (line: string) => void;
}

export interface DemoResult {
  ok: boolean;
  wallMs: number;
}

/**
 * The half-minute tour: an embedded server on a fast clock, examples/hello deployed as v1, steady
 * traffic, v2 shipped by a canary that succeeds, v3 (a bug) caught by its alarm and rolled back.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { say } = options;
  const { clock } = options;
  const started = clock.now();
  const root = mkdtempSync(join(tmpdir(), 'gradual-demo-'));
  const app = join(root, 'hello');
  cpSync(join(EXAMPLES, 'hello'), app, { recursive: true });
  say(
    `gradual demo: an embedded server whose clock runs ${options.timeScale}x (5 minutes take ${Math.round(300 / options.timeScale)} s)`,
  );
  const server = await options.startServer({ dataDir: join(root, 'data'), timeScale: options.timeScale });
  const connection: Connection = {
    endpoint: server.url,
    region: server.region,
    credentials: server.credentials ?? { accessKeyId: 'demo', secretAccessKey: 'demo' },
  };
  const clients = sdkClients(connection);
  const traffic = new DemoTraffic(clients.lambda, clock, [
    { functionName: `${STACK}-HelloNode`, alias: 'live' },
    { functionName: `${STACK}-HelloPython`, alias: 'live' },
  ]);
  // On a terminal the progress view shows the calls per version; elsewhere a line every 2 s does,
  // and one more before each deploy's heading: a window never straddles two deploys, so the calls
  // of the previous change's last seconds are not shown under the next one.
  const reportTraffic = (): void => {
    if (options.tty) return;
    const line = trafficWindowLine(traffic.take());
    if (line !== undefined) say(`    ${line}`);
  };
  const ticker = setInterval(reportTraffic, 2000);
  ticker.unref();
  const deploy = async (title: string): Promise<StackDeployRun> => {
    reportTraffic();
    say('');
    say(`== ${title}`);
    const run = await runStackDeploy(
      connection,
      {
        templateFile: join(app, 'template.yaml'),
        stackName: STACK,
        parameterOverrides: [],
        wait: true,
        accountId: server.accountId,
      },
      (line) => say(`  ${line}`),
    );
    // No outputs: the aliases' ARNs are wider than a terminal, and the summary names them.
    const { lines, errors } = summarizeStack(run, { outputs: false, hints: false });
    [...lines, ...errors].forEach((line) => say(`  ${line}`));
    return run;
  };
  try {
    say(`  server: ${server.url}   app: ${app}`);
    await deploy('v1: first deploy (functions, alarms, alias live on version 1, no shifting)');
    traffic.start();
    traffic.take();
    cpSync(join(app, 'versions/v2'), app, { recursive: true });
    const v2 = await deploy('v2: a good change, shipped with Canary10Percent5Minutes');
    cpSync(join(app, 'versions/v3'), app, { recursive: true });
    const v3 = await deploy('v3: a bug in HelloNode (fails when no name is given); its alarm is watching');
    await traffic.stop();
    reportTraffic();
    const v2followed = followedOf(v2, 'UPDATE_COMPLETE');
    const v2ok = v2followed.length === 2 && v2followed.every((f) => f.status === 'Succeeded');
    // The stack's rollback puts every alias back: HelloNode's canary stopped on its alarm.
    const v3followed = followedOf(v3, 'UPDATE_ROLLBACK_COMPLETE');
    const v3stopped = v3followed.length === 1 && v3followed[0]!.status === 'Stopped';
    const wallMs = clock.now() - started;
    say('');
    say('== Summary');
    say(
      `  v2: ${v2ok ? 'canary passed, 100% on version 2 for both functions' : 'did NOT succeed as expected'}`,
    );
    const alarms = /Activated alarms: (.*)$/.exec(v3followed[0]?.reason ?? '')?.[1] ?? 'an alarm';
    say(
      `  v3: ${v3stopped ? `${alarms} fired during the canary; rolled back to version 2` : 'was NOT rolled back as expected'}`,
    );
    say('  calls through the alias live, per version (failed calls in brackets):');
    for (const fn of [`${STACK}-HelloNode`, `${STACK}-HelloPython`])
      say(`    ${trafficLine(fn, traffic.total(fn))}`);
    say(`  done in ${(wallMs / 1000).toFixed(1)} s of wall time`);
    return { ok: v2ok && v3stopped, wallMs };
  } finally {
    clearInterval(ticker);
    await traffic.stop();
    clients.destroy();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** The deployments a deploy followed, when its stack ended as `status`; none otherwise. */
function followedOf(run: StackDeployRun, status: string): Followed[] {
  return run.kind === 'ended' && run.end.status === status ? run.end.followed : [];
}

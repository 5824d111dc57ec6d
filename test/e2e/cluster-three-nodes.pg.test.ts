import {
  CodeDeployClient,
  CreateApplicationCommand,
  ListApplicationsCommand,
} from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aliasOf,
  appSpec,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { leaseHolder, storedLog } from '../support/cluster-db.js';
import { startHaproxy, type LoadBalancer } from '../support/haproxy.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { spawnServer, type ServerProcess } from '../support/process.js';
import { tempDir } from '../support/server.js';
import { until } from '../support/until.js';

/** Every node of a cluster accepts the same keys. */
const KEYS = { GRADUAL_ACCESS_KEY_ID: 'GRADLBTEST', GRADUAL_SECRET_ACCESS_KEY: 'lb-secret' };
/** Seed 001's config; at 60x its nine one-minute waits take nine seconds. */
const SCALE = ['--time-scale', '60'];
/** Callers invoking the alias through the balancer, and callers writing, each one request at a time. */
const INVOKERS = 6;
const WRITERS = 2;

let database: TestDatabase;
let balancer: LoadBalancer | undefined;
const nodes: ServerProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const start = async (): Promise<ServerProcess> => {
    const dir = tempDir('gradual-lb-node-');
    dirs.push(dir);
    const node = await spawnServer(dir, ['--database', database.url, ...SCALE], KEYS);
    nodes.push(node);
    return node;
  };
  // The first node migrates the schema and fixes the cluster's timeline; then two more at once.
  await start();
  await Promise.all([start(), start()]);
  const dir = tempDir('gradual-lb-');
  dirs.push(dir);
  balancer = await startHaproxy(
    dir,
    nodes.map((n) => n.url),
  );
}, 90_000);
afterAll(async () => {
  await balancer?.stop();
  await Promise.allSettled(nodes.map((n) => n.stop('SIGKILL')));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await database?.drop();
});

function clientsOf(url: string): { lambda: LambdaClient; cd: CodeDeployClient } {
  // One attempt: a failed request is counted, not retried by the SDK.
  const config = {
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: KEYS.GRADUAL_ACCESS_KEY_ID, secretAccessKey: KEYS.GRADUAL_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
  return { lambda: new LambdaClient(config), cd: new CodeDeployClient(config) };
}

/** The address of the node holding the deployment's lease (its driver), if any holds it. */
const driverOf = (id: string): Promise<string | undefined> => leaseHolder(database.url, `deployment:${id}`);

/** One request's outcome, with real times (ms, performance.now) of its sending and its answer. */
interface Outcome {
  sent: number;
  done: number;
  ok: boolean;
  detail: string;
}

/** Callers keeping one request each in flight until `stop()`: steady traffic through the balancer. */
function traffic(callers: number, call: (caller: number, n: number) => Promise<string>) {
  const outcomes: Outcome[] = [];
  let running = true;
  const loops = Array.from({ length: callers }, async (_, caller) => {
    for (let n = 0; running; n++) {
      const sent = performance.now();
      try {
        const detail = await call(caller, n);
        outcomes.push({ sent, done: performance.now(), ok: true, detail });
      } catch (error) {
        // The HTTP status too: the SDK's message for a page it cannot parse does not say it.
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const detail = `${String(error)}${status ? ` (HTTP ${status})` : ''}`;
        outcomes.push({ sent, done: performance.now(), ok: false, detail });
      }
    }
  });
  return {
    outcomes,
    async stop(): Promise<Outcome[]> {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

describe('three gradual nodes on one PostgreSQL behind HAProxy', () => {
  it('the driving node killed mid-shift: the deployment finishes, no step twice, no acknowledged write lost', async () => {
    const lb = clientsOf(balancer!.url);
    await functionWithVersions(lb.lambda, 'fn');
    await createGroup(lb.cd, 'app', 'g', {
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    });

    const invokes = traffic(INVOKERS, async () => {
      const out = await lb.lambda.send(new InvokeCommand({ FunctionName: 'fn:live' }));
      if (out.FunctionError) throw new Error(`function error ${out.FunctionError}`);
      return out.ExecutedVersion ?? '';
    });
    // Acknowledged writes: applications, each named after its caller and count.
    const writes = traffic(WRITERS, async (caller, n) => {
      const name = `w-${caller}-${n}`;
      await lb.cd.send(new CreateApplicationCommand({ applicationName: name, computePlatform: 'Lambda' }));
      return name;
    });

    const id = await deploy(lb.cd, 'app', 'g', appSpec('fn', '1', '2'));
    // Mid-shift: a few steps made by the first driver.
    await until(
      'three shifts',
      async () => (await storedLog(database.url, id)).filter((e) => e.event === 'shifted').length >= 3,
    );
    const driver = await until('a driver', () => driverOf(id));
    const victim = nodes.find((n) => n.url === driver)!;
    expect(victim, `the driver ${driver} is one of the nodes`).toBeDefined();
    const killedAt = performance.now();
    await victim.stop('SIGKILL');
    const atKill = (await storedLog(database.url, id)).filter((e) => e.event === 'shifted').length;
    expect(atKill, 'the kill should land mid-deployment').toBeLessThan(10);

    const successor = await until('another driver', async () => {
      const now = await driverOf(id);
      return now !== undefined && now !== driver ? now : undefined;
    });
    const done = await until('finished', async () => {
      // During the failover a read can come back as HAProxy's own HTML error page (seen under load;
      // the SDK cannot parse it, so does not retry it): a status poll reads again.
      const d = await deploymentOf(lb.cd, id).catch(() => undefined);
      if (!d) return undefined;
      return d.status === 'Succeeded' || d.status === 'Failed' || d.status === 'Stopped' ? d : undefined;
    });
    // A few more seconds of traffic after the end, all on the new version.
    await new Promise((r) => setTimeout(r, 1000));
    const finishedAt = performance.now();
    await new Promise((r) => setTimeout(r, 1000));
    const invoked = await invokes.stop();
    const written = await writes.stop();

    expect(done.status).toBe('Succeeded');
    // One driver at a time: each step of the schedule applied exactly once, in order.
    const log = await storedLog(database.url, id);
    expect(log.filter((e) => e.event === 'shifted').map((e) => e.weight)).toEqual([
      10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
    ]);
    expect(log.filter((e) => e.event === 'succeeded')).toHaveLength(1);
    const times = log.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(successor).not.toBe(driver);

    // Zero acknowledged writes lost: every one read back through a node that was not killed.
    const survivor = clientsOf(nodes.find((n) => n !== victim)!.url);
    const stored = new Set<string>();
    for (let token: string | undefined, first = true; first || token; first = false) {
      const page = await survivor.cd.send(new ListApplicationsCommand({ nextToken: token }));
      for (const name of page.applications ?? []) stored.add(name);
      token = page.nextToken;
    }
    const acknowledged = written.filter((w) => w.ok).map((w) => w.detail);
    const lost = acknowledged.filter((name) => !stored.has(name));
    expect(lost).toEqual([]);

    // The failed requests: only those the balancer had handed to the killed node before it saw the
    // node die (HAProxy does not resend a request a node may have acted on; its callers may).
    const failed = [...invoked, ...written].filter((o) => !o.ok);
    console.log(
      `three nodes behind HAProxy: ${invoked.length} invokes, ${written.length} writes (${acknowledged.length} acknowledged, ${lost.length} lost); ` +
        `${failed.length} failed requests around the kill; takeover by ${successor} (the shifts either side of the kill ${Math.round(
          ((await takeoverMs(id, atKill)) ?? 0) / 60,
        )} ms apart in real time)`,
    );
    for (const f of failed)
      console.log(
        `  failed: sent ${Math.round(f.sent - killedAt)} ms after the kill, answered ${Math.round(f.done - killedAt)} ms after it: ${f.detail}`,
      );
    // Nothing failed before a node was killed. (A fresh-clone run at load 5 once failed 9 requests
    // sent 1.6-1.7 s before the kill with HAProxy's HTML error page, against 8 callers: so at least
    // one of them failed with every node up; the answer times were not kept then.)
    expect(failed.filter((f) => f.done < killedAt).map((f) => f.detail)).toEqual([]);
    // Before the kill, at most the one request each caller had in flight. After it, a request
    // can still reach the killed node until HAProxy's checks take it out (seen: two sent 76 and
    // 97 ms after the kill, "socket hang up"; a loaded suite run failed 9 against a limit of 8
    // callers): what bounds those is the time the balancer took, asserted below.
    expect(failed.filter((f) => f.sent < killedAt).length).toBeLessThanOrEqual(INVOKERS + WRITERS);
    for (const f of failed)
      expect(f.sent, 'sent before the balancer took the killed node out').toBeLessThan(killedAt + 1000);
    expect(invoked.filter((o) => o.ok).length).toBeGreaterThan(50);
    // After the deployment, every invocation through the balancer runs the new version.
    const after = invoked.filter((o) => o.ok && o.sent > finishedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((o) => o.detail === '2')).toBe(true);
    expect(await aliasOf(survivor.lambda, 'fn')).toEqual({ version: '2', weights: undefined });
    for (const c of [lb, survivor]) for (const client of Object.values(c)) client.destroy();
  });
});

/** Platform ms between the last shift before the kill and the first one after it. */
async function takeoverMs(id: string, shiftedBeforeKill: number): Promise<number | undefined> {
  const shifts = (await storedLog(database.url, id)).filter((e) => e.event === 'shifted');
  const before = shifts[shiftedBeforeKill - 1];
  const after = shifts[shiftedBeforeKill];
  return before && after ? after.at - before.at : undefined;
}

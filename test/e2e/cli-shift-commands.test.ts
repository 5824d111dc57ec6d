import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradual, startGradual } from '../support/cli.js';
import { cloudWatchClient } from '../support/cloudwatch.js';
import { functionWithVersions } from '../support/codedeploy.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * `gradual shift`, `deployments`, `stop` and `rollback` as a user runs them, against a real server
 * whose clock runs 600 times faster (compile first: npx tsc -p tsconfig.build.json).
 */

let t: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  t = await startTestServer({ timeScale: 600 });
  env = {
    AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: t.server.url,
  };
  await Promise.all(
    ['shifted', 'stopped', 'dropped', 'watched', 'left', 'still'].map((fn) =>
      functionWithVersions(t.lambda, fn, 3),
    ),
  );
});
afterAll(async () => {
  await t?.dispose();
});

describe.concurrent('gradual shift, deployments, stop and rollback', () => {
  it('shifts step by step with the progress view, keeps the decision log, and rolls back to the version before', async () => {
    const r = await gradual(
      ['shift', 'shifted', '--alias', 'live', '--to', '2', '--steps', '3', '--interval', '60'],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const id = /Deployment (d-\w+)/.exec(r.stdout)![1]!;
    expect(r.stdout).toContain('Shifting shifted:live from version 1 to 2: 3 linear steps, 1m 00s apart');
    expect(r.stdout).toContain(
      `shifted:live ${id} shifted: Step 1 of 3: 33.33% of traffic on version 2, held 1 min.`,
    );
    expect(r.stdout).toContain('Done: all traffic on version 2.');

    const list = await gradual(['deployments'], env);
    expect(list.stdout).toMatch(
      new RegExp(
        `${id}\\s+Succeeded\\s+\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+shifted:live\\s+1 -> 2\\s+explicit, 3 steps\\n`,
      ),
    );
    // Every row fits 80 columns.
    for (const line of list.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const one = await gradual(['deployments', id], env);
    expect(one.stdout).toContain(`${id}  Succeeded`);
    expect(one.stdout).toContain('Decision log:');
    // The log's lines wrap at 80 columns.
    expect(one.stdout.replace(/\s+/g, ' ')).toContain('shifted Step 3 of 3: 100% of traffic on version 2.');

    // Then rolled back: the alias returns to the version the deployment moved it from.
    const back = await gradual(['rollback', 'shifted', '--alias', 'live'], env);
    expect(back.stderr).toBe('');
    expect(back.stdout).toMatch(
      /^shifted:live: all traffic back on version 1 \(was 2, deployed by d-\w+\)\.\n$/,
    );
    const again = await gradual(['rollback', 'shifted', '--alias', 'live'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'shifted:live has all traffic on version 1 and its latest deployment did not put it there (rolled back already?)',
    );
  });

  it('stops a shift with a rollback, and refuses to stop it twice', async () => {
    const start = await gradual(
      ['shift', 'stopped', '--alias', 'live', '--to', '3', '--interval', '4h', '--no-wait'],
      env,
    );
    expect(start.code).toBe(0);
    const id = /Deployment (d-\w+)/.exec(start.stdout)![1]!;
    const status = await gradual(['status', 'stopped'], env);
    expect(status.stdout).toContain('Deployments in progress:');
    expect(status.stdout).toMatch(new RegExp(`${id}\\s+stopped:live\\s+v1 -> v3`));
    const stop = await gradual(['stop', id, '--rollback'], env);
    expect(stop.stderr).toBe('');
    expect(stop.stdout).toMatch(
      new RegExp(
        `^Deployment ${id}: Stopped.\\nRolled back stopped:live to version 1 \\(rollback deployment d-\\w+\\)\\.\\n$`,
      ),
    );
    const list = await gradual(['deployments'], env);
    // The HOW column is the first to give up room for 80 columns: the id may be cut, never changed.
    const row = new RegExp(
      `d-\\w{9}\\s+Succeeded\\s+\\S+ \\S+\\s+stopped:live\\s+3 -> 1\\s+rollback of (d-\\w+)(…?)\\n`,
    ).exec(list.stdout);
    expect(row, list.stdout).not.toBeNull();
    expect(row![2] ? id.startsWith(row![1]!) : row![1] === id).toBe(true);
    // Its page says where the traffic went, in lines that fit 80 columns.
    const one = await gradual(['deployments', id], env);
    expect(one.stdout.replace(/\s+/g, ' ')).toMatch(
      /stopped:live v1 -> v3, stopped at [\d.]+% on v3; rolled back to v1 by d-\w{9} /,
    );
    for (const line of one.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const twice = await gradual(['stop', id], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(`gradual: The deployment ${id} has already completed (Stopped).\n`);
  });

  it('rolls back a shift in progress at once', async () => {
    const start = await gradual(
      ['shift', 'dropped', '--alias', 'live', '--to', '3', '--interval', '4h', '--no-wait'],
      env,
    );
    const id = /Deployment (d-\w+)/.exec(start.stdout)![1]!;
    const r = await gradual(['rollback', 'dropped', '--alias', 'live'], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      new RegExp(
        `^Stopped deployment ${id} and rolled it back \\(rollback deployment d-\\w+: Succeeded\\)\\.\\ndropped:live: all traffic on version 1\\.\\n$`,
      ),
    );
  });

  it('follows a deployment with deployments --watch, and names one that does not exist', async () => {
    const start = await gradual(
      ['shift', 'watched', '--alias', 'live', '--to', '2', '--steps', '2', '--interval', '2m', '--no-wait'],
      env,
    );
    const id = /Deployment (d-\w+)/.exec(start.stdout)![1]!;
    const watch = await gradual(['deployments', id, '--watch'], env);
    expect(watch.code).toBe(0);
    expect(watch.stdout).toContain(`watched:live ${id} succeeded: All traffic is on the new version.`);
    const missing = await gradual(['deployments', 'd-NOPE00000'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('gradual: The deployment d-NOPE00000 could not be found.\n');
  });

  it('on Ctrl-C with nobody to answer, leaves the deployment running and exits 130', async () => {
    const start = await gradual(
      // 48 h is 288 s of real time at 600x: the next step cannot come before `status` on a loaded machine.
      ['shift', 'left', '--alias', 'live', '--to', '2', '--interval', '48h', '--no-wait'],
      env,
    );
    const id = /Deployment (d-\w+)/.exec(start.stdout)![1]!;
    const watching = startGradual(['deployments', id, '--watch'], env);
    watching.child.stdin!.end();
    await watching.waitFor(/shifted: Step 1 of 10/);
    watching.child.kill('SIGINT');
    const { code, stdout } = await watching.done;
    expect(code).toBe(130);
    expect(stdout).toContain(`Stop deployment ${id} and roll back? [y/N] `);
    expect(stdout).toContain(`Left ${id} as it is: follow with gradual deployments <id> --watch`);
    const status = await gradual(['status', 'left'], env);
    expect(status.stdout).toMatch(new RegExp(`${id}\\s+left:live\\s+v1 -> v2\\s+10% on new\\s+step 1 of 10`));
    await gradual(['stop', id, '--rollback'], env);
  });

  it('refuses to shift to a version that does not exist', async () => {
    const r = await gradual(['shift', 'watched', '--alias', 'live', '--to', '9'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^gradual: Function not found: arn:aws:lambda:us-east-1:\d{12}:function:watched:9/,
    );
  });

  it('says a shift to the version the alias is on changes nothing, and changes nothing', async () => {
    const r = await gradual(['shift', 'still', '--alias', 'live', '--to', '1'], env);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('still:live already sends all traffic to version 1: nothing to shift.\n');
    const list = await gradual(['deployments'], env);
    expect(list.stdout).not.toContain('still:live');
    const cw = cloudWatchClient(t);
    const alarms = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'gradual-shift-still-' }));
    cw.destroy();
    expect(alarms.MetricAlarms).toEqual([]);
  });
});

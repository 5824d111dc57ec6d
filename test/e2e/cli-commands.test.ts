import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradual } from '../support/cli.js';
import { functionWithVersions } from '../support/codedeploy.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The `gradual` CLI's client commands as a user runs them (compile first: npx tsc -p tsconfig.build.json), against a real server whose clock runs 600 times faster. */

const ROOT = resolve(import.meta.dirname, '../..');
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
  await functionWithVersions(t.lambda, 'hello', 1);
});
afterAll(async () => {
  await t?.dispose();
});

describe.concurrent('gradual env', () => {
  it("prints the export lines with the server's credentials", async () => {
    const r = await gradual(['env', '--data-dir', t.dataDir, '--endpoint', t.server.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `export AWS_ACCESS_KEY_ID=${t.credentials.accessKeyId}`,
        `export AWS_SECRET_ACCESS_KEY='${t.credentials.secretAccessKey}'`,
        `export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=${t.server.url}`,
        `export GRADUAL_GATEWAY_URL=${t.server.gateway.url}`,
        '',
      ].join('\n'),
    );
  });

  it('points at the address of the server running on the data dir, whatever its port', async () => {
    const r = await gradual(['env', '--data-dir', t.dataDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=${t.server.url}\n`,
    );
    expect(t.server.url).not.toBe('http://127.0.0.1:9000'); // the test server listens on a free port
    expect(r.stdout).toContain(`export GRADUAL_GATEWAY_URL=${t.server.gateway.url}\n`);
  });

  it('says where the credentials should be when the data dir has none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gradual-empty-'));
    const r = await gradual(['env', '--data-dir', empty]);
    rmSync(empty, { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `gradual: no credentials in ${empty}/credentials.json: start the server first`,
    );
  });
});

describe.concurrent('gradual status', () => {
  it('lists functions, aliases with their weights, and no deployment running', async () => {
    const r = await gradual(['status'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/FUNCTION\s+RUNTIME\s+ALIAS\s+TRAFFIC\nhello\s+nodejs20.x\s+live\s+v1 100%\n/);
    expect(r.stdout).toContain('No deployments in progress.');
  });

  it('names a function that does not exist', async () => {
    const r = await gradual(['status', 'nope'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gradual: Function not found: arn:aws:lambda:us-east-1:\d{12}:function:nope/);
  });

  it('says where to find the right credentials when the server refuses them', async () => {
    const r = await gradual(['status'], { ...env, AWS_SECRET_ACCESS_KEY: 'wrong' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `The server did not accept these credentials: run eval "$(gradual env --data-dir <the server's data dir>)", or pass --data-dir.`,
    );
  });

  it('says what to do when no server answers', async () => {
    const r = await gradual(['status', '--endpoint', 'http://127.0.0.1:9'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'gradual: cannot reach gradual at http://127.0.0.1:9: is `gradual serve` running? Point at it with --endpoint <url>',
    );
  });

  it('shows a function with no alias as having no traffic split, not $LATEST', async () => {
    await createFunction(t.lambda, {
      FunctionName: 'plain',
      Handler: 'index.echo',
      zip: await nodeHandlersZip(),
    });
    const r = await gradual(['status', 'plain'], env);
    expect(r.stdout).toMatch(/\nplain\s+nodejs20\.x\s+\(none\)\s+-\n/);
    expect(r.stdout).not.toContain('$LATEST');
  });
});

describe.concurrent('every failure is a line or two that says what to do', () => {
  const oneOrTwoLines = (stderr: string): void => {
    expect(stderr.trim().split('\n').length, stderr).toBeLessThanOrEqual(2);
    expect(stderr).not.toMatch(/^\s+at /m);
  };

  it('logs with no server', async () => {
    const r = await gradual(['logs', 'hello', '--endpoint', 'http://127.0.0.1:9'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^gradual: cannot reach gradual at http:\/\/127\.0\.0\.1:9: is `gradual serve` running\?/,
    );
    oneOrTwoLines(r.stderr);
  });

  it('logs of a function that does not exist', async () => {
    const r = await gradual(['logs', 'helo'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^gradual: Function not found: arn:aws:lambda:us-east-1:\d{12}:function:helo\n$/,
    );
  });

  it('plan --for an alias that does not exist', async () => {
    const r = await gradual(['plan', '--steps', '2', '--interval', '1m', '--for', 'helo:live'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^gradual: Function not found: arn:aws:lambda:us-east-1:\d{12}:function:helo\n$/,
    );
  });

  it('an option the command does not have (commander says it, with help)', async () => {
    const r = await gradual(['status', '--bogus'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: unknown option '--bogus'");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('gradual exec', () => {
  it("runs a command on the server's clock: its date reads the rehearsal's time, its sleep is 600 times shorter", async () => {
    const before = t.server.clock.now();
    const started = performance.now();
    const r = await gradual(['exec', '--', 'sh', '-c', 'date +%s%3N; sleep 600; date +%s%3N'], env);
    const realMs = performance.now() - started;
    const after = t.server.clock.now();
    expect(r.code, r.stderr).toBe(0);
    const [first, second] = r.stdout.trim().split('\n').map(Number) as [number, number];
    // Its clock starts within its start-up time (times 600) of the server's.
    expect(first).toBeGreaterThan(before - 60_000);
    expect(second).toBeLessThanOrEqual(after + 1000);
    expect(second - first).toBeGreaterThanOrEqual(600_000);
    expect(realMs).toBeLessThan(15_000);
  });

  it('passes on the exit code of the command', async () => {
    const r = await gradual(['exec', '--', 'sh', '-c', 'exit 7'], env);
    expect(r.code).toBe(7);
  });
});

describe('--version and --help', () => {
  it('says its version', async () => {
    const r = await gradual(['--version']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('logs --help shows --since as 1h', async () => {
    const r = await gradual(['logs', '--help']);
    expect(r.stdout).toContain('(default: 1h)');
  });
});

describe.concurrent('gradual invoke', () => {
  it('prints the response and the version that ran', async () => {
    const r = await gradual(['invoke', 'hello:live', '--payload', '{"a":1}'], env);
    expect(r).toMatchObject({ code: 0, stdout: '{"name":"hello"}\n', stderr: 'executed version: 1\n' });
  });

  it('reports a function error on stderr with exit code 1', async () => {
    await createFunction(t.lambda, {
      FunctionName: 'thrower',
      Handler: 'index.throws',
      Timeout: 900,
      zip: await nodeHandlersZip(),
    });
    const r = await gradual(['invoke', 'thrower'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"errorType":"TypeError"');
    expect(r.stderr).toContain('function error (Unhandled) in version $LATEST');
  });

  it('keeps one routing key on one version of a split alias (--routing-key)', async () => {
    await functionWithVersions(t.lambda, 'split', 2);
    await t.lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'split',
        Name: 'live',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
      }),
    );
    const versions = async (key: string): Promise<string[]> => {
      const runs = await Promise.all(
        [1, 2, 3, 4].map(() => gradual(['invoke', 'split:live', '--routing-key', key], env)),
      );
      return runs.map((r) => r.stderr);
    };
    for (const key of ['alice', 'bob', 'carol']) expect(new Set(await versions(key)).size).toBe(1);
  });

  it('refuses a payload that is not JSON', async () => {
    const r = await gradual(['invoke', 'hello', '--payload', '{nope'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gradual: --payload is not JSON/);
  });
});

describe.concurrent('gradual plan', () => {
  it('previews a linear shift: steps, total time, worst-case exposure', async () => {
    const r = await gradual(['plan', '--steps', '10', '--interval', '1m', '--rate', '20'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Plan: linear, 10 steps, 1m 00s apart:');
    expect(r.stdout).toMatch(/\n1\s+10%\s+0s\s+1m 00s\s+120\n/);
    expect(r.stdout).toMatch(/\n10\s+100%\s+9m 00s\s+-\s+-\n/);
    expect(r.stdout).toContain('Total time to 100%: 9m 00s');
    expect(r.stdout).toContain('Worst-case exposure: 5400 requests');
    const one = await gradual(['plan', '--steps', '2', '--interval', '1s', '--rate', '1'], env);
    expect(one.stdout).toContain('Worst-case exposure: 1 request (');
  });

  it('previews a named config', async () => {
    const r = await gradual(['plan', '--config', 'CodeDeployDefault.LambdaCanary10Percent5Minutes'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Total time to 100%: 5m 00s');
  });

  it("measures the alias's current rate with --for", async () => {
    await functionWithVersions(t.lambda, 'measured', 1);
    for (let i = 0; i < 30; i++) await invokeFunction(t.lambda, { FunctionName: 'measured:live', event: {} });
    await t.server.metrics.idle();
    const r = await gradual(
      ['plan', '--config', 'CodeDeployDefault.LambdaCanary10Percent5Minutes', '--for', 'measured:live'],
      env,
    );
    expect(r.stderr).toBe('');
    // 30 invocations over ten hours of server time (one minute of ours, at 600x).
    expect(r.stdout).toContain(
      'measured:live served 0.000833 requests/s over the last 10h 00m of server time (×600).',
    );
    expect(r.stdout).toContain('REQUESTS TO NEW (at 0.000833/s)');
  });

  it('says when the judge would catch an error regression with --errors', async () => {
    const r = await gradual(
      [
        'plan',
        '--config',
        'CodeDeployDefault.LambdaCanary10Percent30Minutes',
        '--rate',
        '20',
        '--errors',
        '0.3..2',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /The judge \(99% confidence, errors tolerated 20% worse\) catches errors 0\.3% -> 2% after about \dm \d\ds, when the new version has served \d+ requests \(\d+ errors\); about half of real runs sooner\./,
    );
    const slow = await gradual(
      [
        'plan',
        '--config',
        'CodeDeployDefault.LambdaCanary10Percent5Minutes',
        '--rate',
        '1',
        '--errors',
        '0.3..0.6',
      ],
      env,
    );
    expect(slow.stdout).toContain(
      'The judge (99% confidence, errors tolerated 20% worse) would not catch errors 0.3% -> 0.6% before 100% at this rate (the new version serves 30 requests by then).',
    );
    const bad = await gradual(
      ['plan', '--config', 'CodeDeployDefault.LambdaAllAtOnce', '--errors', '2'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('give the error rates in percent, current..new, e.g. 0.3..2');
  });

  it('names a config that does not exist', async () => {
    const r = await gradual(['plan', '--config', 'Nope'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('gradual: No deployment configuration found for name: Nope\n');
  });
});

describe('--help', () => {
  it('every client command explains itself', async () => {
    const commands = ['env', 'status', 'deployments', 'shift', 'plan', 'rollback', 'stop', 'invoke'];
    const results = await Promise.all(commands.map((cmd) => gradual([cmd, '--help'])));
    results.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: gradual ${commands[i]}`));
    });
  });
});

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { AWS_CLIS, awsCliText } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SEED = resolve(import.meta.dirname, '../../examples/seed-000-sam');

/**
 * Seed 000's own pipeline, unchanged, with each real AWS CLI: `cloudformation package` to S3,
 * `cloudformation deploy` (change set, execute, waiters), a canary with hooks and alarms on the
 * second deploy, and a third that fails its PreTraffic hook and rolls the whole stack back.
 * The server runs on a clock 60 times faster, so the 10-minute canary takes 10 seconds.
 * The CLIs' waiters poll every 3 s, not 30 (their sleeps are shortened, support/aws-cli.ts); the two
 * CLIs run side by side, each on a server of its own.
 */
describe.concurrent.each(Object.entries(AWS_CLIS))(
  'seed 000 through aws cloudformation (CLI %s)',
  (version, bin) => {
    let t: TestServer;
    let work: string;
    const stack = `seed-${version}`;
    const aws = (...args: string[]): Promise<string> => awsCliText(bin, t, args, work);
    const deploy = async (...extra: string[]): Promise<{ ok: boolean; output: string; seconds: number }> => {
      // Debian's CLI 2.9 `package` makes its own S3 client, deaf to --endpoint-url (CLIs from 2.13 read
      // AWS_ENDPOINT_URL): with it, the packaging is done by v1, the deploy by v2.
      await awsCliText(
        AWS_CLIS.v1,
        t,
        [
          'cloudformation',
          'package',
          '--template-file',
          'template.yaml',
          '--s3-bucket',
          'artifacts',
          '--output-template-file',
          'packaged.yaml',
        ],
        work,
      );
      const started = performance.now();
      try {
        const output = await aws(
          'cloudformation',
          'deploy',
          '--template-file',
          'packaged.yaml',
          '--stack-name',
          stack,
          '--capabilities',
          'CAPABILITY_IAM',
          ...extra,
        );
        return { ok: true, output, seconds: (performance.now() - started) / 1000 };
      } catch (error) {
        return {
          ok: false,
          output: String((error as { stdout?: string }).stdout ?? error),
          seconds: (performance.now() - started) / 1000,
        };
      }
    };
    const events = async (): Promise<string[]> =>
      (
        await aws(
          'cloudformation',
          'describe-stack-events',
          '--stack-name',
          stack,
          '--query',
          'StackEvents[].[LogicalResourceId,ResourceStatus,ResourceStatusReason]',
          '--output',
          'text',
        )
      )
        .trim()
        .split('\n');
    const liveVersion = async (fn: string): Promise<string> =>
      (
        await aws(
          'lambda',
          'get-alias',
          '--function-name',
          fn,
          '--name',
          'live',
          '--query',
          'FunctionVersion',
          '--output',
          'text',
        )
      ).trim();

    beforeAll(async () => {
      t = await startTestServer({ timeScale: 60 });
      work = mkdtempSync(join(tmpdir(), `gradual-seed-${version}-`));
      cpSync(SEED, work, { recursive: true });
      await aws('s3', 'mb', 's3://artifacts');
    });
    afterAll(async () => {
      await t.dispose();
    });

    it(
      'creates, shifts by canary, rolls back a failing update; finds resources as seed 003 does',
      { timeout: 600_000 },
      // Concurrent tests assert through their own `expect`, so a failure is reported where it happened.
      async ({ expect }) => {
        const first = await deploy();
        expect(first.output).toContain(`Successfully created/updated stack - ${stack}`);
        const fn = (
          await aws(
            'cloudformation',
            'describe-stack-resources',
            '--stack-name',
            stack,
            '--logical-resource-id',
            'MyLambdaFunction',
            '--query',
            'StackResources[0].PhysicalResourceId',
            '--output',
            'text',
          )
        ).trim();
        expect(fn).toMatch(new RegExp(`^${stack}-MyLambdaFunction-[A-Z0-9]{13}$`));
        expect(await liveVersion(fn)).toBe('1');

        const source = join(work, 'src', 'index.js');
        writeFileSync(source, readFileSync(source, 'utf8').replace("'first'", "'second'"));
        const second = await deploy();
        expect(second.ok).toBe(true);
        expect(await liveVersion(fn)).toBe('2');
        const deployments = JSON.parse(await aws('deploy', 'list-deployments', '--output', 'json')) as {
          deployments: string[];
        };
        const info = JSON.parse(
          await aws(
            'deploy',
            'get-deployment',
            '--deployment-id',
            deployments.deployments[0]!,
            '--output',
            'json',
          ),
        ) as {
          deploymentInfo: { status: string; deploymentConfigName: string };
        };
        expect(info.deploymentInfo).toMatchObject({
          status: 'Succeeded',
          deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent10Minutes',
        });

        writeFileSync(source, readFileSync(source, 'utf8').replace("'second'", "'third'"));
        const third = await deploy('--parameter-overrides', 'PreTrafficVerdict=Failed');
        expect(third.ok).toBe(false);
        const status = (
          await aws(
            'cloudformation',
            'describe-stacks',
            '--stack-name',
            stack,
            '--query',
            'Stacks[0].StackStatus',
            '--output',
            'text',
          )
        ).trim();
        expect(status).toBe('UPDATE_ROLLBACK_COMPLETE');
        expect(await liveVersion(fn)).toBe('2');
        const log = await events();
        expect(log[0]).toMatch(new RegExp(`^${stack}\\s+UPDATE_ROLLBACK_COMPLETE`));
        expect(log.join('\n')).toMatch(
          /MyLambdaFunctionAliaslive\s+UPDATE_FAILED\s+CodeDeploy deployment d-[A-Z0-9]+ failed: The BeforeAllowTraffic hook CodeDeployHook_seed-\w+_PreTraffic reported Failed/,
        );
        // The hook's own configuration went back too (its VERDICT environment variable).
        const hookEnv = (
          await aws(
            'lambda',
            'get-function-configuration',
            '--function-name',
            `CodeDeployHook_${stack}_PreTraffic`,
            '--query',
            'Environment.Variables.VERDICT',
            '--output',
            'text',
          )
        ).trim();
        expect(hookEnv).toBe('Succeeded');
        console.log(
          `CLI ${version}: deploy seconds (wall, CLI waiters poll every 3 s): create ${first.seconds.toFixed(1)}, canary ${second.seconds.toFixed(1)}, rollback ${third.seconds.toFixed(1)}`,
        );
      },
    );
  },
);

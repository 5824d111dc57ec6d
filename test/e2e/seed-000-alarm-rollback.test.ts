import { DescribeStackEventsCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmHistoryCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, ListAliasesCommand } from '@aws-sdk/client-lambda';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { AWS_CLIS, awsCliText } from '../support/aws-cli.js';
import { cfnClients, type StackClients } from '../support/cloudformation.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SEED = resolve(import.meta.dirname, '../../examples/seed-000-sam');
const SCALE = 60;

/**
 * Seed 000's pipeline with a broken release, as issue 16 asks: `aws cloudformation package` then
 * `aws cloudformation deploy`, first a working version, then one whose every call fails while
 * traffic reaches the alias. The canary's 10% fails, an alarm fires, CodeDeploy stops, and the
 * stack rolls back to UPDATE_ROLLBACK_COMPLETE with every alias where it was. (The canary that
 * succeeds and the failing hook are cloudformation-cli.test.ts's.) Each CLI runs on a server of
 * its own, side by side; their waiters poll every 3 s, not 30 (support/aws-cli.ts).
 *
 * Figures, on the server's clock (`SCALE` times real time), printed as the test ends: from the
 * stack operation's start to its settling, and from the alarm to UPDATE_ROLLBACK_COMPLETE.
 */
describe.concurrent.each(Object.entries(AWS_CLIS))(
  "seed 000's failing release rolled back by its alarm (CLI %s)",
  (version, bin) => {
    let t: TestServer;
    let c: StackClients;
    let work: string;
    const stack = `broken-${version}`;
    const aws = (...args: string[]): Promise<string> => awsCliText(bin, t, args, work);
    const deploy = async (): Promise<boolean> => {
      // Debian's CLI 2.9 `package` makes an S3 client of its own that ignores --endpoint-url (and
      // predates AWS_ENDPOINT_URL): it cannot upload anywhere but AWS, so v1 packages for both.
      await awsCliText(
        AWS_CLIS.v1,
        t,
        ['cloudformation', 'package', '--template-file', 'template.yaml'].concat([
          '--s3-bucket',
          'artifacts',
          '--output-template-file',
          'packaged.yaml',
        ]),
        work,
      );
      const args = [
        '--template-file',
        'packaged.yaml',
        '--stack-name',
        stack,
        '--capabilities',
        'CAPABILITY_IAM',
      ];
      // The CLI exits non-zero when the stack fails to create or update.
      return aws('cloudformation', 'deploy', ...args).then(
        () => true,
        () => false,
      );
    };
    const events = async (): Promise<StackEvent[]> =>
      (await c.cfn.send(new DescribeStackEventsCommand({ StackName: stack }))).StackEvents ?? [];
    /** Every alias of every function of the stack, with its version and routing. */
    const aliases = async (): Promise<string[]> => {
      const out: string[] = [];
      const listed = await aws(
        'cloudformation',
        'list-stack-resources',
        '--stack-name',
        stack,
        '--query',
        "StackResourceSummaries[?ResourceType=='AWS::Lambda::Function'].PhysicalResourceId",
        '--output',
        'text',
      );
      for (const fn of listed.trim().split(/\s+/).sort()) {
        const { Aliases = [] } = await t.lambda.send(new ListAliasesCommand({ FunctionName: fn }));
        for (const a of Aliases)
          out.push(`${fn}:${a.Name} ${a.FunctionVersion} ${JSON.stringify(a.RoutingConfig ?? {})}`);
      }
      return out;
    };

    beforeAll(async () => {
      t = await startTestServer({ timeScale: SCALE });
      c = cfnClients(t);
      work = mkdtempSync(join(tmpdir(), `gradual-broken-${version}-`));
      cpSync(SEED, work, { recursive: true });
      await aws('s3', 'mb', 's3://artifacts');
    });
    afterAll(async () => {
      c.destroy();
      await t.dispose();
    });

    it(
      'ends UPDATE_ROLLBACK_COMPLETE, every alias where it was, the events naming the alarm',
      { timeout: 300_000 },
      async ({ expect }) => {
        expect(await deploy()).toBe(true);
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
        const before = await aliases();
        expect(before).toEqual([`${fn}:live 1 {}`]);

        writeFileSync(
          join(work, 'src', 'index.js'),
          "exports.handler = async () => { throw new Error('broken'); };\n",
        );
        // Callers keep calling the alias while the release shifts: some reach the broken version.
        let calling = true;
        const traffic = (async () => {
          while (calling) {
            await t.lambda
              .send(new InvokeCommand({ FunctionName: fn, Qualifier: 'live' }))
              .catch(() => undefined);
            await new Promise((r) => setTimeout(r, 100));
          }
        })();
        const ok = await deploy().finally(() => (calling = false));
        await traffic;
        expect(ok).toBe(false);

        const log = await events();
        expect(log[0]?.ResourceStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
        const stopped = log.find(
          (e) => e.LogicalResourceId === 'MyLambdaFunctionAliaslive' && e.ResourceStatus === 'UPDATE_FAILED',
        );
        expect(stopped?.ResourceStatusReason).toMatch(
          /^CodeDeploy deployment d-\w+ was stopped: One or more alarms have been activated .* Activated alarms: broken-\w+-\w+ErrorMetricGreaterThanZeroAlarm-\w+/,
        );
        expect(await aliases()).toEqual(before);
        // The function's code went back too: $LATEST answers as the first release.
        const latest = await t.lambda.send(new InvokeCommand({ FunctionName: fn }));
        expect(latest.FunctionError).toBeUndefined();
        expect(Buffer.from(latest.Payload ?? []).toString()).toContain('"version":"first"');

        // The figures, on the server's clock.
        const at = (e: StackEvent | undefined) => e?.Timestamp?.getTime() ?? NaN;
        const stackEvents = log.filter((e) => e.LogicalResourceId === stack).reverse();
        const first = (status: string) => stackEvents.find((e) => e.ResourceStatus === status);
        const cloudwatch = new CloudWatchClient({
          endpoint: t.server.url,
          region: 'us-east-1',
          credentials: t.credentials,
        });
        const history = await cloudwatch.send(
          new DescribeAlarmHistoryCommand({ HistoryItemType: 'StateUpdate' }),
        );
        cloudwatch.destroy();
        const alarmed = (history.AlarmHistoryItems ?? [])
          .filter((h) => h.HistorySummary?.endsWith('to ALARM'))
          .map((h) => h.Timestamp?.getTime() ?? NaN);
        const seconds = (ms: number) =>
          `${(ms / 1000).toFixed(1)} s (${(ms / 1000 / SCALE).toFixed(2)} s real)`;
        const create = at(first('CREATE_COMPLETE')) - at(first('CREATE_IN_PROGRESS'));
        const update = at(first('UPDATE_ROLLBACK_COMPLETE')) - at(first('UPDATE_IN_PROGRESS'));
        const alarmToRollback = at(first('UPDATE_ROLLBACK_COMPLETE')) - Math.min(...alarmed);
        expect(alarmToRollback).toBeGreaterThan(0);
        console.log(
          `CLI ${version}, server clock at ${SCALE}x: create ${seconds(create)}; broken update ${seconds(update)}; alarm to UPDATE_ROLLBACK_COMPLETE ${seconds(alarmToRollback)}`,
        );
      },
    );
  },
);

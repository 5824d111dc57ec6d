import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';
import { launcherOf } from '../support/aws-cli.js';

const run = promisify(execFile);

/** ListTagsForResource, over both wire protocols: AWS JSON 1.0 (aws v1) and awsQuery (/usr/bin/aws). */
const CLIS = ['aws', '/usr/bin/aws'];

function installed(bin: string): boolean {
  if (bin.startsWith('/')) return existsSync(bin);
  try {
    execFileSync('which', [bin]);
    return true;
  } catch {
    return false;
  }
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.dispose();
});

async function aws(bin: string, args: string[]): Promise<unknown> {
  const argv = ['cloudwatch', ...args, '--endpoint-url', t.server.url, '--output', 'json'];
  const { stdout } = await run(launcherOf(bin), argv, {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    },
  });
  return stdout.trim() ? (JSON.parse(stdout) as unknown) : undefined;
}

describe('cloudwatch list-tags-for-resource', () => {
  for (const bin of CLIS) {
    it.skipIf(!installed(bin))(`${bin}: the tags put-metric-alarm set, by the alarm's ARN`, async () => {
      const name = `tagged-${bin.length}`;
      await aws(bin, [
        'put-metric-alarm',
        '--alarm-name',
        name,
        '--namespace',
        'AWS/Lambda',
        '--metric-name',
        'Errors',
        '--statistic',
        'Sum',
        '--period',
        '60',
        '--evaluation-periods',
        '1',
        '--threshold',
        '0',
        '--comparison-operator',
        'GreaterThanThreshold',
        '--tags',
        'Key=gradual:stack,Value=hello',
        'Key=team,Value=',
      ]);
      const arn = `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`;
      expect(await aws(bin, ['list-tags-for-resource', '--resource-arn', arn])).toEqual({
        Tags: [
          { Key: 'gradual:stack', Value: 'hello' },
          { Key: 'team', Value: '' },
        ],
      });
      const missing = aws(bin, ['list-tags-for-resource', '--resource-arn', `${arn}-none`]);
      await expect(missing).rejects.toThrow(/ResourceNotFound[\s\S]*no alarm has the ARN/);
    });
  }

  it('awsQuery: the tags in ListTagsForResourceResult, one member each', async () => {
    const query = (form: string): Promise<Response> =>
      signedFetch(`${t.server.url}/`, {
        method: 'POST',
        service: 'monitoring',
        credentials: t.credentials,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: `Version=2010-08-01&${form}`,
      });
    const put = await query(
      'Action=PutMetricAlarm&AlarmName=wire-tags&MetricName=Errors&Namespace=AWS%2FLambda&Statistic=Sum' +
        '&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=GreaterThanThreshold' +
        '&Tags.member.1.Key=gradual%3Astack&Tags.member.1.Value=hello',
    );
    expect(put.status).toBe(200);
    const res = await query(
      'Action=ListTagsForResource&ResourceARN=arn%3Aaws%3Acloudwatch%3Aus-east-1%3A000000000000%3Aalarm%3Awire-tags',
    );
    expect(res.status).toBe(200);
    const doc = new XMLParser({ isArray: (name) => name === 'member' }).parse(await res.text()) as {
      ListTagsForResourceResponse: { ListTagsForResourceResult: { Tags: { member: unknown[] } } };
    };
    expect(doc.ListTagsForResourceResponse.ListTagsForResourceResult.Tags.member).toEqual([
      { Key: 'gradual:stack', Value: 'hello' },
    ]);
  });
});

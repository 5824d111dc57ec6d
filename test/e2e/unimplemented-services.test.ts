import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherOf } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Services gradual has no handler for answer in their own protocol (query XML, JSON 1.0,
// REST-XML), so the AWS CLI prints gradual's message instead of a signature or parse error.
// Services nobody is building here, so a service that gains a handler does not break this.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.dispose();
});

function aws(cli: string, args: string[], secret = t.credentials.secretAccessKey) {
  return new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(
      launcherOf(cli),
      [...args, '--endpoint-url', t.server.url],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: secret,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
      (error, _stdout, stderr) => resolve({ code: Number(error?.code ?? 0), stderr }),
    ),
  );
}

const IMPLEMENTS =
  /It implements (API Gateway, )?CloudFormation, CloudWatch, CloudWatch Logs, CodeDeploy, .*Lambda, .*S3\b.*\.$/;
// The AWS CLI v1 on PATH, and Debian's v2 when installed.
const CLIS = ['aws', ...(existsSync('/usr/bin/aws') ? ['/usr/bin/aws'] : [])];

describe.each(CLIS)('services gradual does not implement, with %s', (cli) => {
  it.each([
    [['sts', 'get-caller-identity'], 'GetCallerIdentity', 'STS (sts)'], // query, XML
    [['dynamodb', 'list-tables'], 'ListTables', 'DynamoDB (dynamodb)'], // JSON 1.0
    [['route53', 'list-hosted-zones'], 'ListHostedZones', 'route53 (route53)'], // REST-XML
  ])('%j: says so, in the protocol the CLI parses', async (args, operation, service) => {
    const r = await aws(cli, args);
    expect(r.code).not.toBe(0);
    const line = r.stderr.trim();
    expect(line).toContain(
      `An error occurred (NotImplemented) when calling the ${operation} operation: gradual does not implement ${service}. `,
    );
    expect(line).toMatch(IMPLEMENTS);
  });

  it('still checks who is asking', async () => {
    const r = await aws(cli, ['sts', 'get-caller-identity'], 'not-the-secret');
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toContain('NotImplemented');
    expect(r.stderr).toMatch(/signature/i);
  });
});

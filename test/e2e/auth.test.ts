import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.dispose();
});

const listUrl = (): string => `${t.server.url}/2015-03-31/functions/`;

describe('SigV4 authentication', () => {
  it('generates owner-only credentials on first start and accepts requests signed with them', async () => {
    expect(t.server.credentials?.source).toBe('generated');
    const mode = statSync(join(t.dataDir, 'credentials.json')).mode & 0o777;
    expect(mode).toBe(0o600);
    const ok = await t.lambda.send(new ListFunctionsCommand({}));
    expect(ok.$metadata.httpStatusCode).toBe(200);
    expect(ok.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses unsigned, mis-signed, expired and unknown-key requests with 403 and AWS error types', async () => {
    const unsigned = await fetch(listUrl());
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');

    const wrongSecret = new LambdaClient({
      endpoint: t.server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'wrong' },
    });
    expect(await awsError(wrongSecret.send(new ListFunctionsCommand({})))).toMatchObject({
      name: 'InvalidSignatureException',
      status: 403,
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
    wrongSecret.destroy();

    const unknown = new LambdaClient({
      endpoint: t.server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' },
    });
    expect(await awsError(unknown.send(new ListFunctionsCommand({})))).toMatchObject({
      name: 'UnrecognizedClientException',
      status: 403,
    });
    unknown.destroy();

    const expired = await signedFetch(listUrl(), {
      credentials: t.credentials,
      signingDate: new Date(Date.now() - 10 * 60 * 1000),
    });
    expect(expired.status).toBe(403);
    expect(expired.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(((await expired.json()) as { message: string }).message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than/,
    );

    const wrongService = await signedFetch(listUrl(), { credentials: t.credentials, service: 'codedeploy' });
    expect(wrongService.status).toBe(403);
    expect(((await wrongService.json()) as { message: string }).message).toContain(
      "scoped to correct service: 'lambda'",
    );
  });

  it('verifies requests with a session token, a query and an encoded ARN in the path', async () => {
    const url = `${t.server.url}/2015-03-31/functions/${encodeURIComponent('arn:aws:lambda:us-east-1:000000000000:function:none:live')}/configuration?Qualifier=live`;
    const response = await signedFetch(url, {
      credentials: t.credentials,
      headers: { 'x-amz-security-token': 'token' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
  });
});

describe('configured credentials and --auth off', () => {
  it('takes credentials from GRADUAL_ACCESS_KEY_ID / GRADUAL_SECRET_ACCESS_KEY', async () => {
    process.env['GRADUAL_ACCESS_KEY_ID'] = 'AKIDFROMENV';
    process.env['GRADUAL_SECRET_ACCESS_KEY'] = 'from-env';
    try {
      const s = await startTestServer();
      expect(s.server.credentials).toMatchObject({
        source: 'environment',
        credentials: { accessKeyId: 'AKIDFROMENV' },
      });
      expect((await s.lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
      await s.dispose();
    } finally {
      delete process.env['GRADUAL_ACCESS_KEY_ID'];
      delete process.env['GRADUAL_SECRET_ACCESS_KEY'];
    }
  });

  it('accepts unsigned requests when authentication is off', async () => {
    const s = await startTestServer({ auth: 'off' });
    const response = await fetch(`${s.server.url}/2015-03-31/functions/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ Functions: [] });
    await s.dispose();
  });
});

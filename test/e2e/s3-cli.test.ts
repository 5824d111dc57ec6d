import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLIS, awsCliText } from '../support/aws-cli.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let work: string;

beforeAll(async () => {
  t = await startTestServer();
  work = mkdtempSync(join(tmpdir(), 'gradual-s3-cli-'));
  // Above the CLIs' 8 MB threshold, so `cp` uploads it in parts.
  writeFileSync(join(work, 'big.bin'), randomBytes(12 * 1024 * 1024));
  writeFileSync(join(work, 'small.txt'), 'a small file\n');
});
afterAll(async () => {
  await t.dispose();
});

describe.each(Object.entries(AWS_CLIS))('aws s3 with the AWS CLI %s', (version, bin) => {
  const bucket = `cli-${version}`;
  const aws = (...args: string[]): Promise<string> => awsCliText(bin, t, args);

  it('mb, cp up (single and multipart), ls, cp down, rm, rb', async () => {
    expect(await aws('s3', 'mb', `s3://${bucket}`)).toContain(`make_bucket: ${bucket}`);
    await aws('s3', 'cp', join(work, 'small.txt'), `s3://${bucket}/dir/small.txt`);
    await aws('s3', 'cp', join(work, 'big.bin'), `s3://${bucket}/big.bin`);
    expect(await aws('s3', 'ls')).toContain(bucket);
    const listing = await aws('s3', 'ls', `s3://${bucket}/`);
    expect(listing).toMatch(/PRE dir\//);
    expect(listing).toMatch(/12582912 big\.bin/);
    expect(await aws('s3', 'ls', `s3://${bucket}/dir/`)).toMatch(/13 small\.txt/);
    await aws('s3', 'cp', `s3://${bucket}/big.bin`, join(work, `big-${version}.bin`));
    expect(readFileSync(join(work, `big-${version}.bin`)).equals(readFileSync(join(work, 'big.bin')))).toBe(
      true,
    );
    await aws('s3', 'cp', `s3://${bucket}/dir/small.txt`, join(work, `small-${version}.txt`));
    expect(readFileSync(join(work, `small-${version}.txt`), 'utf8')).toBe('a small file\n');
    await aws('s3', 'rm', `s3://${bucket}`, '--recursive');
    expect(await aws('s3', 'rb', `s3://${bucket}`)).toContain(`remove_bucket: ${bucket}`);
  });
});

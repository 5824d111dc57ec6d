import { describe, expect, it } from 'vitest';
import { checksFor, type Check } from '../../iam/authorization/index.js';
import { classify, s3Operation } from './operation.js';

const account = { accountId: '123456789012', region: 'eu-west-1' };
const arn = (action: string, resourceArn: string): Check => ({
  action,
  resource: { kind: 'arn', arn: resourceArn },
});

function request(method: string, url: string, body = '', host = 'localhost:9000') {
  const [rawPath = '/', rawQuery = ''] = url.split('?');
  return { method, rawPath, rawQuery, headers: { host }, body: Buffer.from(body) };
}

function checks(method: string, url: string, body = '', host?: string): Check[] {
  const call = s3Operation(request(method, url, body, host));
  if (!call) throw new Error(`no operation for ${method} ${url}`);
  return checksFor(call, account);
}

describe('S3 requests as IAM sees them', () => {
  it.each([
    ['GET', '/', arn('s3:ListAllMyBuckets', '*')],
    ['PUT', '/art', arn('s3:CreateBucket', 'arn:aws:s3:::art')],
    ['HEAD', '/art', arn('s3:ListBucket', 'arn:aws:s3:::art')],
    ['GET', '/art?list-type=2&prefix=a', arn('s3:ListBucket', 'arn:aws:s3:::art')],
    ['GET', '/art?location', arn('s3:GetBucketLocation', 'arn:aws:s3:::art')],
    ['DELETE', '/art', arn('s3:DeleteBucket', 'arn:aws:s3:::art')],
    ['GET', '/art/a/b.zip', arn('s3:GetObject', 'arn:aws:s3:::art/a/b.zip')],
    ['HEAD', '/art/a%20b', arn('s3:GetObject', 'arn:aws:s3:::art/a b')],
    ['PUT', '/art/k', arn('s3:PutObject', 'arn:aws:s3:::art/k')],
    ['POST', '/art/k?uploads', arn('s3:PutObject', 'arn:aws:s3:::art/k')],
    ['PUT', '/art/k?partNumber=2&uploadId=u', arn('s3:PutObject', 'arn:aws:s3:::art/k')],
    ['POST', '/art/k?uploadId=u', arn('s3:PutObject', 'arn:aws:s3:::art/k')],
    ['DELETE', '/art/k?uploadId=u', arn('s3:AbortMultipartUpload', 'arn:aws:s3:::art/k')],
    ['DELETE', '/art/k', arn('s3:DeleteObject', 'arn:aws:s3:::art/k')],
  ])('%s %s', (method, url, expected) => {
    expect(checks(method, url)).toEqual([expected]);
  });

  it('names the bucket from the host in virtual-host style', () => {
    expect(checks('GET', '/k', '', 'art.s3.localhost:9000')).toEqual([
      arn('s3:GetObject', 'arn:aws:s3:::art/k'),
    ]);
  });

  it('authorizes DeleteObjects per key it names', () => {
    const body = '<Delete><Object><Key>a</Key></Object><Object><Key>b/c</Key></Object></Delete>';
    expect(checks('POST', '/art?delete', body)).toEqual([
      arn('s3:DeleteObject', 'arn:aws:s3:::art/a'),
      arn('s3:DeleteObject', 'arn:aws:s3:::art/b/c'),
    ]);
  });

  it('leaves what the router refuses to the router', () => {
    expect(s3Operation(request('POST', '/'))).toBeUndefined();
    expect(s3Operation(request('PATCH', '/art/k'))).toBeUndefined();
    expect(s3Operation(request('GET', '/art?acl'))).toBeUndefined();
  });

  it.each([
    ['POST', '/', 'POST /'],
    ['PATCH', '/art', 'PATCH on a bucket'],
    ['PATCH', '/art/k', 'PATCH on an object'],
    ['GET', '/art?uploads', '?uploads'],
    ['PUT', '/art/k?tagging', '?tagging'],
    // A subresource S3 added later: a query name without a value, none of those gradual serves.
    ['DELETE', '/art?metadataConfiguration=', '?metadataConfiguration'],
  ])('refuses %s %s naming %s', (method, url, what) => {
    expect(classify(request(method, url))).toEqual({ scope: 'refused', what });
  });
});

describe('CloudFormation requests as IAM sees them', () => {
  const cfn = (operation: string, input: Record<string, unknown>) =>
    checksFor({ service: 'cloudformation', operation, input }, account);
  it('authorizes a stack operation on the stack, by name or ARN', () => {
    expect(cfn('UpdateStack', { StackName: 'app' })).toEqual([
      arn('cloudformation:UpdateStack', 'arn:aws:cloudformation:eu-west-1:123456789012:stack/app/*'),
    ]);
    const id = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1f2e';
    expect(cfn('DescribeStacks', { StackName: id })).toEqual([arn('cloudformation:DescribeStacks', id)]);
    expect(cfn('ListStacks', {})).toEqual([arn('cloudformation:ListStacks', '*')]);
  });
});

import { describe, expect, it } from 'vitest';
import { credentialScopeService, NotImplemented, unimplementedError } from './unimplemented.js';

const auth = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

describe('credentialScopeService', () => {
  it('reads the service from the Authorization header, or a presigned query', () => {
    expect(credentialScopeService({ headers: { authorization: auth('cloudformation') }, rawQuery: '' })).toBe(
      'cloudformation',
    );
    expect(
      credentialScopeService({
        headers: {},
        rawQuery: 'X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=x',
      }),
    ).toBe('s3');
    expect(credentialScopeService({ headers: {}, rawQuery: '' })).toBeUndefined();
  });
});

describe('unimplementedError', () => {
  const error = new NotImplemented('cloudformation', ['lambda', 'codedeploy', 'monitoring', 'gradual']);
  const request = (headers: Record<string, string>, body = '') => ({
    headers,
    body: Buffer.from(body),
    requestId: 'req-1',
  });

  it('names the service and the ones gradual has', () => {
    expect(error.message).toBe(
      'gradual does not implement CloudFormation (cloudformation). It implements CloudWatch, CodeDeploy, Lambda.',
    );
    expect(error.status).toBe(501);
  });

  it('answers CloudFormation and IAM in the query protocol (XML)', () => {
    const r = unimplementedError(
      'cloudformation',
      error,
      request(
        { 'content-type': 'application/x-www-form-urlencoded' },
        'Action=DescribeStacks&Version=2010-05-15',
      ),
    );
    expect(r.status).toBe(501);
    expect(String(r.body)).toContain(
      '<ErrorResponse><Error><Type>Receiver</Type><Code>NotImplemented</Code><Message>gradual does not implement CloudFormation (cloudformation).',
    );
    expect(String(r.body)).toContain('<RequestId>req-1</RequestId></ErrorResponse>');
  });

  it('answers Step Functions in AWS JSON 1.0', () => {
    const r = unimplementedError(
      'states',
      error,
      request({
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        'content-type': 'application/x-amz-json-1.0',
      }),
    );
    expect(r.headers).toMatchObject({
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-errortype': 'NotImplemented',
    });
    expect(JSON.parse(String(r.body))).toMatchObject({ __type: 'NotImplemented' });
  });

  it('answers S3 in REST-XML', () => {
    const r = unimplementedError('s3', error, request({}));
    expect(String(r.body)).toMatch(/<Error><Code>NotImplemented<\/Code><Message>gradual does not implement/);
  });
});

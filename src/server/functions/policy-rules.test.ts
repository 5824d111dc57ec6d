import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from './policy-store.js';
import {
  allowsServiceCall,
  arnLike,
  decideAddPermission,
  decideRemovePermission,
  policyDocument,
  principalElement,
} from './policy-rules.js';
import { aggregate, context } from './test-support/fixtures.js';

const input = {
  functionName: 'f',
  qualifier: 'live',
  statementId: 'api-gateway-invoke-permission',
  action: 'lambda:InvokeFunction',
  principal: 'apigateway.amazonaws.com',
  sourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/*/*',
  sourceAccount: undefined,
  revisionId: undefined,
};
const fn = aggregate({ versions: 1, aliases: [{ name: 'live' }] });

describe('AddPermission', () => {
  it('writes the statement as AWS returns it', () => {
    const { result, changes } = decideAddPermission(fn, undefined, input, context());
    expect(result).toEqual({
      Sid: 'api-gateway-invoke-permission',
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:f:live',
      Condition: { ArnLike: { 'AWS:SourceArn': input.sourceArn } },
    });
    expect(changes).toHaveLength(1);
  });

  it('refuses a duplicate statement id, a missing function or qualifier, a stale revision', () => {
    const first = decideAddPermission(fn, undefined, input, context()).changes[0]!;
    const policy = first.kind === 'putPolicy' ? first.policy : undefined;
    expect(() => decideAddPermission(fn, policy, input, context())).toThrow(
      'The statement id (api-gateway-invoke-permission) provided already exists. Please provide a new statement id, or remove the existing statement.',
    );
    expect(() => decideAddPermission(undefined, undefined, input, context())).toThrow(
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:live',
    );
    expect(() => decideAddPermission(fn, undefined, { ...input, qualifier: '7' }, context())).toThrow(
      'Function not found',
    );
    expect(() =>
      decideAddPermission(fn, policy, { ...input, statementId: 'b', revisionId: 'old' }, context()),
    ).toThrow('Revision Id');
  });

  it('writes StringEquals conditions for the account, event source token, org and URL auth type', () => {
    const { result } = decideAddPermission(
      fn,
      undefined,
      {
        ...input,
        action: 'lambda:InvokeFunctionUrl',
        principal: '*',
        sourceArn: undefined,
        sourceAccount: '123456789012',
        functionUrlAuthType: 'NONE',
      },
      context(),
    );
    expect(result.Condition).toEqual({
      StringEquals: { 'AWS:SourceAccount': '123456789012', 'lambda:FunctionUrlAuthType': 'NONE' },
    });
  });

  it.each([
    ['*', '*'],
    ['123456789012', { AWS: 'arn:aws:iam::123456789012:root' }],
    ['arn:aws:iam::123456789012:role/r', { AWS: 'arn:aws:iam::123456789012:role/r' }],
    ['s3.amazonaws.com', { Service: 's3.amazonaws.com' }],
  ])('principal %s -> %j', (principal, element) => {
    expect(principalElement(principal)).toEqual(element);
  });
});

describe('RemovePermission and GetPolicy', () => {
  it('removes one statement, and the policy with its last one', () => {
    const first = decideAddPermission(fn, undefined, input, context()).changes[0]!;
    const policy = first.kind === 'putPolicy' ? first.policy : undefined;
    const doc = policyDocument(fn, policy, input, context());
    expect(JSON.parse(doc.Policy)).toEqual({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [expect.objectContaining({ Sid: 'api-gateway-invoke-permission' })],
    });
    const removed = decideRemovePermission(fn, policy, { ...input, revisionId: undefined }, context());
    expect(removed.changes).toEqual([{ kind: 'deletePolicy', functionName: 'f', qualifier: 'live' }]);
    expect(() =>
      decideRemovePermission(fn, undefined, { ...input, revisionId: undefined }, context()),
    ).toThrow('Statement api-gateway-invoke-permission is not found in resource policy.');
    expect(() => policyDocument(fn, undefined, input, context())).toThrow(
      'The resource you requested does not exist.',
    );
  });
});

describe('ArnLike and service calls', () => {
  it.each([
    [
      'arn:aws:execute-api:us-east-1:000000000000:abc/*/*',
      'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/demo',
      true,
    ],
    [
      'arn:aws:execute-api:us-east-1:000000000000:abc/*/GET/demo',
      'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/demo',
      true,
    ],
    [
      'arn:aws:execute-api:us-east-1:000000000000:abc/*/POST/demo',
      'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/demo',
      false,
    ],
    [
      'arn:aws:execute-api:us-east-1:000000000000:xyz/*/*',
      'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/demo',
      false,
    ],
    [
      'arn:aws:execute-api:*:000000000000:abc/*',
      'arn:aws:execute-api:eu-west-1:000000000000:abc/prod/GET/',
      true,
    ],
    // `*` does not cross the `:` between the ARN's parts.
    ['arn:aws:execute-api:*', 'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/', false],
    [
      'arn:aws:execute-api:us-east-1:000000000000:abc/pro?/GET/demo',
      'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/demo',
      true,
    ],
  ])('%s matches %s: %s', (pattern, arn, expected) => {
    expect(arnLike(pattern, arn)).toBe(expected);
  });

  const call = {
    service: 'apigateway.amazonaws.com',
    action: 'lambda:InvokeFunction',
    sourceArn: 'arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/demo',
    sourceAccount: '000000000000',
  };
  const statement = (overrides: Partial<PolicyStatement>): PolicyStatement => ({
    Sid: 's',
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    ...overrides,
  });
  it.each<[string, Partial<PolicyStatement>, boolean]>([
    ['no condition', {}, true],
    [
      'matching source',
      { Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:000000000000:abc/*' } } },
      true,
    ],
    [
      'other source',
      { Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:000000000000:zzz/*' } } },
      false,
    ],
    ['other service', { Principal: { Service: 's3.amazonaws.com' } }, false],
    ['any principal', { Principal: '*' }, true],
    ['lambda:*', { Action: 'lambda:*' }, true],
    ['another action', { Action: 'lambda:GetFunction' }, false],
    ['source account', { Condition: { StringEquals: { 'AWS:SourceAccount': '000000000000' } } }, true],
    ['other account', { Condition: { StringEquals: { 'AWS:SourceAccount': '111111111111' } } }, false],
    ['unknown condition', { Condition: { IpAddress: { 'aws:SourceIp': '1.2.3.4' } } }, false],
  ])('%s', (_, overrides, expected) => {
    expect(allowsServiceCall([statement(overrides)], call)).toBe(expected);
  });
});

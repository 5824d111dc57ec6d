import { describe, expect, it } from 'vitest';
import { parseConditions } from './condition-parse.js';
import { clauseHolds } from './condition-evaluate.js';
import { contextKeys, variableLookup } from './context-keys.js';

/** One condition block against a request context, as a statement would evaluate it. */
function holds(
  block: Record<string, Record<string, unknown>>,
  context: Record<string, string | string[]>,
): boolean {
  const keys = contextKeys(context);
  return parseConditions(block).every((clause) => clauseHolds(clause, keys, variableLookup(keys)));
}

const IP = { 'aws:SourceIp': '203.0.113.7' };

describe('condition operators', () => {
  it.each([
    // Strings
    [{ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }, { 'aws:PrincipalType': 'AssumedRole' }, true],
    [{ StringEquals: { 'aws:PrincipalType': 'assumedrole' } }, { 'aws:PrincipalType': 'AssumedRole' }, false],
    [{ StringEquals: { 'AWS:PRINCIPALTYPE': 'AssumedRole' } }, { 'aws:PrincipalType': 'AssumedRole' }, true],
    [
      { StringEqualsIgnoreCase: { 'aws:PrincipalType': 'assumedrole' } },
      { 'aws:PrincipalType': 'AssumedRole' },
      true,
    ],
    [
      { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'lambda.amazonaws.com'] } },
      { 'iam:PassedToService': 'lambda.amazonaws.com' },
      true,
    ],
    // A negated operator with several values: NOR.
    [
      { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      { 'aws:RequestedRegion': 'eu-west-1' },
      false,
    ],
    [
      { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      { 'aws:RequestedRegion': 'ap-south-1' },
      true,
    ],
    [
      { StringLike: { 'lambda:SourceFunctionArn': 'arn:aws:lambda:*:*:function:prod-*' } },
      { 'lambda:SourceFunctionArn': 'arn:aws:lambda:r:1:function:prod-api' },
      true,
    ],
    [
      { StringNotLike: { 'lambda:SourceFunctionArn': '*:function:prod-*' } },
      { 'lambda:SourceFunctionArn': 'arn:aws:lambda:r:1:function:prod-api' },
      false,
    ],
    // Numbers
    [{ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '60' }, true],
    [{ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } }, { 'aws:MultiFactorAuthAge': '7200' }, false],
    [{ NumericEquals: { 'x:n': '10' } }, { 'x:n': '10.0' }, true],
    [{ NumericGreaterThanEquals: { 'x:n': '10' } }, { 'x:n': 'ten' }, false],
    [{ NumericNotEquals: { 'x:n': '10' } }, { 'x:n': '11' }, true],
    // Dates: ISO 8601 or epoch seconds, on either side.
    [
      { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
      { 'aws:CurrentTime': '2026-05-01T12:00:00Z' },
      true,
    ],
    [
      { DateGreaterThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
      { 'aws:CurrentTime': '2026-05-01T12:00:00Z' },
      false,
    ],
    [
      { DateGreaterThanEquals: { 'aws:EpochTime': '2026-05-01T12:00:00Z' } },
      { 'aws:EpochTime': '1777636800' },
      true,
    ],
    [
      { DateEquals: { 'aws:CurrentTime': 'not a date' } },
      { 'aws:CurrentTime': '2026-05-01T12:00:00Z' },
      false,
    ],
    // Bool, Binary
    [{ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }, false],
    [{ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'TRUE' }, true],
    [{ BinaryEquals: { 'x:b': 'QmluYXJ5VmFsdWU=' } }, { 'x:b': 'QmluYXJ5VmFsdWU=' }, true],
    // IP addresses: CIDR or one address, IPv4 and IPv6.
    [{ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, IP, true],
    [{ IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '203.0.113.7'] } }, IP, true],
    [{ IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }, IP, false],
    [{ NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }, IP, true],
    [{ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8:1::5' }, true],
    [{ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, IP, false],
    // ARNs
    [
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deploy-*' } },
      { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/deploy-ci' },
      true,
    ],
    [
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:execute-api:r:1:abc/*' } },
      { 'aws:SourceArn': 'arn:aws:execute-api:r:1:abc/prod/GET/' },
      true,
    ],
    [
      { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deploy-*' } },
      { 'aws:PrincipalArn': 'arn:aws:iam::1:role/app' },
      true,
    ],
    // Policy variables in values.
    [{ StringEquals: { 'x:owner': '${aws:username}' } }, { 'x:owner': 'bob', 'aws:username': 'bob' }, true],
    [{ StringEquals: { 'x:owner': '${aws:username}' } }, { 'x:owner': 'bob' }, false],
    // Several operators and keys: all must hold.
    [
      { StringEquals: { 'a:x': '1', 'a:y': '2' }, Bool: { 'aws:SecureTransport': 'true' } },
      { 'a:x': '1', 'a:y': '2', 'aws:SecureTransport': 'true' },
      true,
    ],
    [{ StringEquals: { 'a:x': '1', 'a:y': '2' } }, { 'a:x': '1', 'a:y': '3' }, false],
  ])('%j with %j: %s', (block, context, expected) => {
    expect(holds(block, context)).toBe(expected);
  });
});

describe('a key the request does not have', () => {
  it.each([
    ['fails a positive operator', { StringEquals: { 'aws:username': 'bob' } }, false],
    ['passes a negated operator', { StringNotEquals: { 'aws:username': 'bob' } }, true],
    ['passes a negated ARN operator', { ArnNotLike: { 'aws:SourceArn': 'arn:*' } }, true],
    ['passes an IfExists operator', { StringEqualsIfExists: { 'aws:username': 'bob' } }, true],
    ['passes Null true', { Null: { 'aws:username': 'true' } }, true],
    ['fails Null false', { Null: { 'aws:username': 'false' } }, false],
    ['passes ForAllValues', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, true],
    ['fails ForAnyValue', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, false],
  ])('%s', (_what, block, expected) => {
    expect(holds(block, {})).toBe(expected);
  });

  it('IfExists still checks a key that is there', () => {
    expect(holds({ StringEqualsIfExists: { 'aws:username': 'bob' } }, { 'aws:username': 'eve' })).toBe(false);
    expect(holds({ Null: { 'aws:username': 'true' } }, { 'aws:username': 'eve' })).toBe(false);
  });
});

describe('multi-valued keys', () => {
  const tags = { 'aws:TagKeys': ['team', 'cost'] };
  it.each([
    [
      'ForAllValues: every request value is allowed',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost', 'env'] } },
      true,
    ],
    [
      'ForAllValues: one request value is not',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
      false,
    ],
    [
      'ForAnyValue: one request value matches',
      { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost'] } },
      true,
    ],
    ['ForAnyValue: none matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, false],
    [
      'ForAllValues:StringNotEquals: none is listed',
      { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['env'] } },
      true,
    ],
    [
      'ForAnyValue:StringNotEquals: one is not listed',
      { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['team'] } },
      true,
    ],
    ['ForAnyValue:StringLike with wildcards', { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['co*'] } }, true],
  ])('%s', (_what, block, expected) => {
    expect(holds(block, tags)).toBe(expected);
  });
});

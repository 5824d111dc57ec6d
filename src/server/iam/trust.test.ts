import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from './policy-parse.js';
import { serviceMayAssume } from './trust.js';

const trust = (...statements: Record<string, unknown>[]) =>
  parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'trust');

const lambda = { Service: 'lambda.amazonaws.com' };

describe('serviceMayAssume', () => {
  it.each([
    [
      'the trust policy of seed 002',
      trust({ Effect: 'Allow', Principal: lambda, Action: 'sts:AssumeRole' }),
      true,
    ],
    [
      'a list of services',
      trust({
        Effect: 'Allow',
        Principal: { Service: ['edgelambda.amazonaws.com', 'lambda.amazonaws.com'] },
        Action: ['sts:AssumeRole'],
      }),
      true,
    ],
    ['anyone', trust({ Effect: 'Allow', Principal: '*', Action: 'sts:*' }), true],
    [
      'another service',
      trust({
        Effect: 'Allow',
        Principal: { Service: 'codedeploy.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      false,
    ],
    ['another action', trust({ Effect: 'Allow', Principal: lambda, Action: 'sts:TagSession' }), false],
    [
      'an explicit deny',
      trust(
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: lambda, Action: 'sts:AssumeRole' },
      ),
      false,
    ],
    [
      'an account principal',
      trust({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'sts:AssumeRole',
      }),
      false,
    ],
  ])('%s: %s', (_what, doc, expected) => {
    expect(serviceMayAssume(doc, 'lambda.amazonaws.com')).toBe(expected);
  });
});

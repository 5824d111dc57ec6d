import { describe, expect, it } from 'vitest';
import { parsePolicyDocument, policySize } from './policy-parse.js';
import type { PolicyKind } from './policy-model.js';

/** The error a document gets, as code and message. */
function refusal(
  text: string,
  kind: PolicyKind,
): { code: string; status: number; message: string } | undefined {
  try {
    parsePolicyDocument(text, kind);
    return undefined;
  } catch (error) {
    const { code, status, message } = error as { code: string; status: number; message: string };
    return { code, status, message };
  }
}

const allow = (statement: Record<string, unknown>): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('parsePolicyDocument', () => {
  it('reads a statement in all its forms', () => {
    const doc = parsePolicyDocument(
      JSON.stringify({
        Version: '2012-10-17',
        Id: 'doc',
        Statement: {
          Sid: 'One1',
          Effect: 'Deny',
          NotAction: ['lambda:Get*', 'lambda:List*'],
          NotResource: 'arn:aws:lambda:*:*:function:mine',
          Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 7, true] } },
        },
      }),
      'identity',
    );
    expect(doc).toEqual({
      version: '2012-10-17',
      id: 'doc',
      statements: [
        {
          index: 0,
          sid: 'One1',
          effect: 'Deny',
          actions: { negated: true, patterns: ['lambda:Get*', 'lambda:List*'] },
          resources: { negated: true, patterns: ['arn:aws:lambda:*:*:function:mine'] },
          principals: undefined,
          conditions: [
            {
              operator: { base: 'StringLike', ifExists: true, set: 'ForAnyValue' },
              key: 'aws:TagKeys',
              values: ['a*', '7', 'true'],
            },
          ],
        },
      ],
    });
  });

  it('reads a document without Version with the 2008 grammar', () => {
    const text = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(parsePolicyDocument(text, 'identity').version).toBe('2008-10-17');
  });

  it('reads a trust policy and its principals', () => {
    const doc = parsePolicyDocument(TRUST, 'trust');
    expect(doc.statements[0]?.principals).toEqual({
      negated: false,
      anyone: false,
      byType: { Service: ['lambda.amazonaws.com'] },
    });
    expect(doc.statements[0]?.resources).toBeUndefined();
  });

  // IAM's own MalformedPolicyDocument messages, one per mistake.
  it.each([
    ['not JSON', '{"Version": ', 'This policy contains invalid Json'],
    ['a JSON array', '[]', 'Syntax errors in policy.'],
    [
      'an unknown top-level field',
      JSON.stringify({ Version: '2012-10-17', Statement: [], Condition: {} }),
      'Syntax errors in policy.',
    ],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'Syntax errors in policy.'],
    [
      'an empty Statement',
      JSON.stringify({ Version: '2012-10-17', Statement: [] }),
      'Syntax errors in policy.',
    ],
    [
      'an unknown Version',
      JSON.stringify({ Version: '2020-01-01', Statement: [] }),
      'Syntax errors in policy.',
    ],
    [
      'no Effect',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Action: '*', Resource: '*' }] }),
      'Missing required field Effect',
    ],
    [
      'a lower-case effect',
      allow({ Effect: 'allow', Action: '*', Resource: '*' }),
      'The policy failed legacy parsing',
    ],
    ['no Action', allow({ Resource: '*' }), 'Policy statement must contain actions.'],
    ['no Resource', allow({ Action: 's3:GetObject' }), 'Policy statement must contain resources.'],
    [
      'Action and NotAction',
      allow({ Action: '*', NotAction: 'x:y', Resource: '*' }),
      'Syntax errors in policy.',
    ],
    [
      'an action without vendor',
      allow({ Action: 'GetObject', Resource: '*' }),
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    ],
    [
      'an action with two colons',
      allow({ Action: 'lambda:Get:Function', Resource: '*' }),
      'Actions/Condition can contain only one colon.',
    ],
    ['a bad vendor', allow({ Action: 'lam da:Get', Resource: '*' }), 'Vendor lam da is not valid'],
    [
      'a resource that is no ARN',
      allow({ Action: '*', Resource: 'my-bucket' }),
      'Resource my-bucket must be in ARN format or "*".',
    ],
    [
      'an unknown statement field',
      allow({ Action: '*', Resource: '*', Actions: [] }),
      'Syntax errors in policy.',
    ],
    [
      'a principal in an identity policy',
      allow({ Action: '*', Resource: '*', Principal: '*' }),
      'Policy document should not specify a principal.',
    ],
    [
      'a non-alphanumeric Sid',
      allow({ Sid: 'my-sid', Action: '*', Resource: '*' }),
      'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
    ],
    [
      'duplicate Sids',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' },
          { Sid: 'A', Effect: 'Deny', Action: '*', Resource: '*' },
        ],
      }),
      'Statement IDs (SID) in a single policy must be unique.',
    ],
    [
      'an unknown condition operator',
      allow({ Action: '*', Resource: '*', Condition: { StringEqualz: { 'aws:a': 'b' } } }),
      'Invalid Condition type : StringEqualz',
    ],
    [
      'NullIfExists',
      allow({ Action: '*', Resource: '*', Condition: { NullIfExists: { 'aws:a': 'true' } } }),
      'Invalid Condition type : NullIfExists',
    ],
    [
      'a condition key without vendor',
      allow({ Action: '*', Resource: '*', Condition: { StringEquals: { region: 'x' } } }),
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    ],
    [
      'a condition value that is an object',
      allow({ Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:a': { b: 1 } } } }),
      'Syntax errors in policy.',
    ],
  ])('refuses %s', (_what, text, message) => {
    expect(refusal(text, 'identity')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message });
  });

  it.each([
    [
      'a Resource',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }],
      }),
      'Has prohibited field Resource',
    ],
    [
      'no Principal',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
      'Missing required field Principal',
    ],
    [
      'a principal that is no account or ARN',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 'sts:AssumeRole' }],
      }),
      'Invalid principal in policy: "AWS":"bob"',
    ],
    [
      'an unknown principal type',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Robot: 'x' }, Action: 'sts:AssumeRole' }],
      }),
      'Syntax errors in policy.',
    ],
  ])('refuses a trust policy with %s', (_what, text, message) => {
    expect(refusal(text, 'trust')).toEqual({ code: 'MalformedPolicyDocument', status: 400, message });
  });
});

describe('policySize', () => {
  it('counts the document without the whitespace between its elements', () => {
    expect(policySize('{\n  "a" : [ 1, 2 ],\n  "b": "x y"\n}')).toBe('{"a":[1,2],"b":"x y"}'.length);
  });
});

import { describe, expect, it } from 'vitest';
import { contextKeys } from './context-keys.js';
import { accessDeniedMessage } from './denial.js';
import { evaluate, firstRefusal, type ApplicablePolicy } from './evaluate.js';
import { parsePolicyDocument } from './policy-parse.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function';

function policy(name: string, ...statements: Record<string, unknown>[]): ApplicablePolicy {
  return {
    name,
    document: parsePolicyDocument(
      JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      'identity',
    ),
  };
}

const request = (action: string, resource: string, context: Record<string, string> = {}) => ({
  action,
  resource,
  context: contextKeys(context),
});

describe('evaluate', () => {
  const readOwn = policy('read-own', {
    Sid: 'ReadOwn',
    Effect: 'Allow',
    Action: ['lambda:Get*', 'lambda:List*'],
    Resource: `${FN}:orders*`,
  });
  const noDelete = policy('no-delete', { Effect: 'Deny', Action: 'lambda:DeleteFunction', Resource: '*' });
  const all = policy('all', { Effect: 'Allow', Action: '*', Resource: '*' });

  it.each([
    ['an allowed action', [readOwn], request('lambda:GetFunction', `${FN}:orders`), 'allow'],
    [
      'an allowed action on a qualified ARN',
      [readOwn],
      request('lambda:GetAlias', `${FN}:orders:live`),
      'allow',
    ],
    ['nothing allows it', [readOwn], request('lambda:UpdateAlias', `${FN}:orders`), 'implicitDeny'],
    ['another resource', [readOwn], request('lambda:GetFunction', `${FN}:payments`), 'implicitDeny'],
    ['no policies at all', [], request('lambda:GetFunction', `${FN}:orders`), 'implicitDeny'],
    [
      'an explicit deny beats an allow',
      [all, noDelete],
      request('lambda:DeleteFunction', `${FN}:orders`),
      'explicitDeny',
    ],
    [
      'a deny that does not match leaves the allow',
      [all, noDelete],
      request('lambda:DeleteAlias', `${FN}:orders`),
      'allow',
    ],
  ])('%s', (_what, policies, req, kind) => {
    expect(evaluate(policies, req).kind).toBe(kind);
  });

  it('names the statement that decided', () => {
    expect(evaluate([readOwn], request('lambda:ListAliases', `${FN}:orders`))).toEqual({
      kind: 'allow',
      statement: { policy: 'read-own', index: 0, sid: 'ReadOwn' },
    });
    expect(evaluate([readOwn, all, noDelete], request('lambda:DeleteFunction', `${FN}:x`))).toEqual({
      kind: 'explicitDeny',
      statement: { policy: 'no-delete', index: 0, sid: undefined },
    });
  });

  it('NotAction allows everything but what it lists', () => {
    const p = policy('p', { Effect: 'Allow', NotAction: ['iam:*', 'lambda:Delete*'], Resource: '*' });
    expect(evaluate([p], request('lambda:UpdateAlias', `${FN}:f`)).kind).toBe('allow');
    expect(evaluate([p], request('lambda:DeleteFunction', `${FN}:f`)).kind).toBe('implicitDeny');
    expect(evaluate([p], request('iam:PassRole', 'arn:aws:iam::1:role/r')).kind).toBe('implicitDeny');
  });

  it('NotResource denies everything but what it lists', () => {
    const p = policy(
      'p',
      { Effect: 'Allow', Action: 'lambda:*', Resource: '*' },
      { Effect: 'Deny', Action: 'lambda:*', NotResource: `${FN}:mine*` },
    );
    expect(evaluate([p], request('lambda:UpdateFunctionConfiguration', `${FN}:mine`)).kind).toBe('allow');
    expect(evaluate([p], request('lambda:UpdateFunctionConfiguration', `${FN}:theirs`)).kind).toBe(
      'explicitDeny',
    );
  });

  it('applies a statement only when its conditions hold', () => {
    const p = policy('p', {
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    });
    const role = 'arn:aws:iam::1:role/r';
    expect(
      evaluate([p], request('iam:PassRole', role, { 'iam:PassedToService': 'lambda.amazonaws.com' })).kind,
    ).toBe('allow');
    expect(
      evaluate([p], request('iam:PassRole', role, { 'iam:PassedToService': 'ec2.amazonaws.com' })).kind,
    ).toBe('implicitDeny');
    expect(evaluate([p], request('iam:PassRole', role)).kind).toBe('implicitDeny');
  });

  it('replaces variables in resources only in 2012-10-17 documents', () => {
    const statement = { Effect: 'Allow', Action: 'lambda:*', Resource: `${FN}:\${aws:userid}` };
    const v2012 = policy('p', statement);
    const v2008 = {
      name: 'old',
      document: parsePolicyDocument(JSON.stringify({ Statement: [statement] }), 'identity'),
    };
    const req = request('lambda:GetFunction', `${FN}:AROAX`, { 'aws:userid': 'AROAX' });
    expect(evaluate([v2012], req).kind).toBe('allow');
    expect(evaluate([v2008], req).kind).toBe('implicitDeny');
  });
});

describe('firstRefusal', () => {
  it('finds the first refused request of several, or none', () => {
    const p = policy('p', {
      Effect: 'Allow',
      Action: 'cloudwatch:DeleteAlarms',
      Resource: 'arn:aws:cloudwatch:*:*:alarm:mine-*',
    });
    const mine = request('cloudwatch:DeleteAlarms', 'arn:aws:cloudwatch:r:1:alarm:mine-1');
    const theirs = request('cloudwatch:DeleteAlarms', 'arn:aws:cloudwatch:r:1:alarm:theirs');
    expect(firstRefusal([p], [mine, mine])).toBeUndefined();
    expect(firstRefusal([p], [mine, theirs])).toEqual({
      decision: { kind: 'implicitDeny' },
      request: theirs,
    });
  });
});

describe('accessDeniedMessage', () => {
  const who = 'arn:aws:sts::123456789012:assumed-role/basic/orders';
  it('says no identity-based policy allows the action', () => {
    expect(accessDeniedMessage(who, 'lambda:UpdateAlias', `${FN}:payments`, { kind: 'implicitDeny' })).toBe(
      `User: ${who} is not authorized to perform: lambda:UpdateAlias on resource: ${FN}:payments because no identity-based policy allows the lambda:UpdateAlias action`,
    );
  });
  it('says an explicit deny refused it', () => {
    const decision = { kind: 'explicitDeny', statement: { policy: 'p', index: 0, sid: undefined } } as const;
    expect(accessDeniedMessage(who, 'lambda:DeleteFunction', `${FN}:f`, decision)).toBe(
      `User: ${who} is not authorized to perform: lambda:DeleteFunction on resource: ${FN}:f with an explicit deny in an identity-based policy`,
    );
  });
});

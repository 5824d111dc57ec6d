import { describe, expect, it } from 'vitest';
import { assumedRoleArn, authorize, principalContext, type FunctionPrincipal } from './access.js';
import { checksFor, type OperationCall } from './authorization/index.js';
import type { ApplicablePolicy } from './evaluate.js';
import { MANAGED_POLICIES } from './managed-policies.js';
import { parsePolicyDocument } from './policy-parse.js';

const account = { accountId: '123456789012', region: 'us-east-1' };
const principal: FunctionPrincipal = {
  accountId: account.accountId,
  roleName: 'orders-role',
  roleArn: 'arn:aws:iam::123456789012:role/service-role/orders-role',
  roleId: 'AROAEXAMPLEROLEID0001',
  sessionName: 'orders',
  functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
};
const facts = {
  sourceIp: '10.0.0.7',
  now: Date.UTC(2026, 4, 1, 12),
  region: 'us-east-1',
  secureTransport: false,
};

function managed(...names: string[]): ApplicablePolicy[] {
  return names.map((name) => {
    const policy = [...MANAGED_POLICIES.values()].find((p) => p.name === name);
    if (!policy) throw new Error(name);
    return { name: policy.arn, document: policy.parsed };
  });
}

/** The resolved checks of a call whose resources are all ARNs. */
function decide(policies: ApplicablePolicy[], call: OperationCall) {
  const checks = checksFor(call, account).map((c) => {
    if (c.resource.kind !== 'arn') throw new Error('needs a lookup');
    return { action: c.action, resource: c.resource.arn, ...(c.context ? { context: c.context } : {}) };
  });
  return authorize(principal, policies, checks, facts);
}

// The attack of issue 12: a function reads, rewires and deletes its neighbours with its credentials.
const attack: Array<[string, OperationCall]> = [
  [
    'reads another function',
    {
      service: 'lambda',
      operation: 'GetFunction',
      params: { FunctionName: 'payments' },
      query: {},
      body: undefined,
    },
  ],
  [
    'shifts its alias',
    {
      service: 'lambda',
      operation: 'UpdateAlias',
      params: { FunctionName: 'payments', Name: 'live' },
      query: {},
      body: {},
    },
  ],
  [
    'changes its environment',
    {
      service: 'lambda',
      operation: 'UpdateFunctionConfiguration',
      params: { FunctionName: 'payments' },
      query: {},
      body: { Environment: { Variables: { A: 'b' } } },
    },
  ],
  [
    'deletes it',
    {
      service: 'lambda',
      operation: 'DeleteFunction',
      params: { FunctionName: 'payments' },
      query: {},
      body: undefined,
    },
  ],
  ['creates an alarm', { service: 'cloudwatch', operation: 'PutMetricAlarm', input: { AlarmName: 'x' } }],
];

describe('a function with AWSLambdaBasicExecutionRole only', () => {
  it.each(attack)('is refused when it %s', (_what, call) => {
    expect(decide(managed('AWSLambdaBasicExecutionRole'), call).kind).toBe('denied');
  });

  it('is told as AWS tells it', () => {
    expect(decide(managed('AWSLambdaBasicExecutionRole'), attack[1]![1])).toEqual({
      kind: 'denied',
      action: 'lambda:UpdateAlias',
      resource: 'arn:aws:lambda:us-east-1:123456789012:function:payments',
      decision: { kind: 'implicitDeny' },
      message:
        'User: arn:aws:sts::123456789012:assumed-role/orders-role/orders is not authorized to perform: lambda:UpdateAlias on resource: arn:aws:lambda:us-east-1:123456789012:function:payments because no identity-based policy allows the lambda:UpdateAlias action',
    });
  });
});

describe('a function with AWSLambda_FullAccess', () => {
  it.each(attack.slice(0, 4))('may %s', (_what, call) => {
    expect(decide(managed('AWSLambda_FullAccess'), call)).toEqual({ kind: 'allowed' });
  });

  it('still may not create an alarm', () => {
    expect(decide(managed('AWSLambda_FullAccess'), attack[4]![1]).kind).toBe('denied');
  });

  it('passes a role to Lambda, and to Lambda only', () => {
    const create: OperationCall = {
      service: 'lambda',
      operation: 'CreateFunction',
      params: {},
      query: {},
      body: { FunctionName: 'x', Role: 'arn:aws:iam::123456789012:role/admin' },
    };
    expect(decide(managed('AWSLambda_FullAccess'), create)).toEqual({ kind: 'allowed' });
    const onlyLambda = parsePolicyDocument(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' }],
      }),
      'identity',
    );
    const result = decide([{ name: 'inline', document: onlyLambda }], create);
    expect(result.kind === 'denied' && result.action).toBe('iam:PassRole');
  });
});

describe('the request context of function credentials', () => {
  it('names the function, its role and the request', () => {
    expect(assumedRoleArn(principal)).toBe('arn:aws:sts::123456789012:assumed-role/orders-role/orders');
    expect(principalContext(principal, facts)).toEqual({
      'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/service-role/orders-role',
      'aws:PrincipalAccount': '123456789012',
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': 'AROAEXAMPLEROLEID0001:orders',
      'aws:SourceIp': '10.0.0.7',
      'aws:CurrentTime': '2026-05-01T12:00:00Z',
      'aws:EpochTime': '1777636800',
      'aws:SecureTransport': 'false',
      'aws:RequestedRegion': 'us-east-1',
      'lambda:SourceFunctionArn': 'arn:aws:lambda:us-east-1:123456789012:function:orders',
    });
  });

  it('lets a policy tell functions apart by lambda:SourceFunctionArn', () => {
    const onlyFrom = (pattern: string): ApplicablePolicy[] => [
      {
        name: 'inline',
        document: parsePolicyDocument(
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'lambda:GetFunction',
                Resource: '*',
                Condition: { ArnLike: { 'lambda:SourceFunctionArn': pattern } },
              },
            ],
          }),
          'identity',
        ),
      },
    ];
    const get: OperationCall = {
      service: 'lambda',
      operation: 'GetFunction',
      params: { FunctionName: 'payments' },
      query: {},
      body: undefined,
    };
    expect(decide(onlyFrom('arn:aws:lambda:*:*:function:ord*'), get).kind).toBe('allowed');
    expect(decide(onlyFrom('arn:aws:lambda:*:*:function:admin'), get).kind).toBe('denied');
  });
});

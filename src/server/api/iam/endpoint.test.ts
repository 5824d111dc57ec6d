import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/clock.js';
import { seededRandom } from '../../../common/random.js';
import { IamService } from '../../iam/iam-service.js';
import { MemoryIamStore } from '../../iam/test-support/memory-iam-store.js';
import type { RpcEndpoint } from '../endpoint.js';
import { queryCall } from '../test-support/rpc-client.js';
import { iamEndpoint } from './endpoint.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

let endpoint: RpcEndpoint;
const call = (action: string, params: Record<string, string> = {}) =>
  queryCall(endpoint, action, '2010-05-08', params);

/** An `<ErrorResponse>`'s code and message. */
function errorOf(body: unknown): [string, string] {
  const text = String(body);
  return [/<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '', /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? ''];
}

beforeEach(() => {
  const iam = new IamService({
    store: new MemoryIamStore(),
    clock: new VirtualClock(Date.UTC(2026, 0, 1)),
    random: seededRandom(7),
    accountId: '123456789012',
  });
  endpoint = iamEndpoint(iam);
});

describe('IAM on the shared operation shape (awsQuery in, XML out)', () => {
  it('creates, gets and pages roles; MaxItems arrives as digits and is read as a number', async () => {
    for (const name of ['a', 'b'])
      expect((await call('CreateRole', { RoleName: name, AssumeRolePolicyDocument: TRUST })).status).toBe(
        200,
      );
    const got = await call('GetRole', { RoleName: 'a' });
    expect(got.status).toBe(200);
    expect(String(got.body)).toContain('<GetRoleResult><Role>');
    expect(String(got.body)).toContain('<Arn>arn:aws:iam::123456789012:role/a</Arn>');
    const first = await call('ListRoles', { MaxItems: '1' });
    expect(String(first.body)).toContain('<IsTruncated>true</IsTruncated>');
    const marker = /<Marker>([^<]*)<\/Marker>/.exec(String(first.body))?.[1];
    expect(marker).toBeDefined();
    const second = await call('ListRoles', { MaxItems: '1', Marker: marker ?? '' });
    expect(String(second.body)).toContain('<RoleName>b</RoleName>');
    expect(String(second.body)).toContain('<IsTruncated>false</IsTruncated>');
  });

  it.each([
    [
      'GetRole',
      {},
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    ],
    [
      'ListRoles',
      { MaxItems: 'ten' },
      "1 validation error detected: Value 'ten' at 'maxItems' failed to satisfy constraint: Member must be an integer",
    ],
    [
      'ListPolicies',
      { Scope: 'Mine', OnlyAttached: 'yes' },
      "2 validation errors detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]; Value 'yes' at 'onlyAttached' failed to satisfy constraint: Member must be a boolean",
    ],
  ])('refuses %s %j with ValidationError in Coral words', async (action, params, message) => {
    const answer = await call(action, params);
    expect(answer.status).toBe(400);
    expect(errorOf(answer.body)).toEqual(['ValidationError', message]);
  });

  it('answers an unknown action with InvalidAction, and names the call for authorization', async () => {
    const answer = await call('CreateUser', { UserName: 'u' });
    expect(answer.status).toBe(400);
    expect(errorOf(answer.body)).toEqual([
      'InvalidAction',
      'Could not find operation CreateUser for version 2010-05-08',
    ]);
    const body = Buffer.from(new URLSearchParams({ Action: 'GetRole', RoleName: 'a' }).toString());
    expect(endpoint.operation({ method: 'POST', rawPath: '/', rawQuery: '', headers: {}, body })).toEqual({
      service: 'iam',
      operation: 'GetRole',
      input: { RoleName: 'a' },
    });
  });
});

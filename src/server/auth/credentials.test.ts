import { describe, expect, it } from 'vitest';
import { functionCredentialIssuer, secretLookup } from './credentials.js';

describe('secretLookup', () => {
  const issuer = functionCredentialIssuer();
  const session = {
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:orders',
    roleArn: 'arn:aws:iam::000000000000:role/orders',
  };
  const lookup = secretLookup({ accessKeyId: 'AKIDUSER', secretAccessKey: 'user' }, issuer);

  it("accepts the owner's keys, which speak for no function", () => {
    expect(lookup.secretFor('AKIDUSER', undefined)).toBe('user');
    expect(lookup.sessionFor?.('AKIDUSER', undefined)).toBeUndefined();
    expect(lookup.secretFor('AKIDOTHER', undefined)).toBeUndefined();
  });

  it("accepts a function's temporary credentials only with their session token, and names the session", () => {
    const role = issuer.issue(session);
    expect(lookup.secretFor(role.accessKeyId, role.sessionToken)).toBe(role.secretAccessKey);
    expect(lookup.sessionFor?.(role.accessKeyId, role.sessionToken)).toEqual(session);
    expect(lookup.secretFor(role.accessKeyId, undefined)).toBeUndefined();
    expect(lookup.secretFor(role.accessKeyId, 'forged')).toBeUndefined();
    expect(
      lookup.secretFor(functionCredentialIssuer().issue(session).accessKeyId, role.sessionToken),
    ).toBeUndefined();
  });
});

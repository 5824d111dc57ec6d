import { describe, expect, it } from 'vitest';
import { FunctionCredentialIssuer } from './function-credentials.js';

const identity = {
  functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
  roleArn: 'arn:aws:iam::123456789012:role/orders-role',
};

function issuer(key = 'k'.repeat(32)) {
  let n = 0;
  return new FunctionCredentialIssuer(Buffer.from(key), () => `KEY${String(n++).padStart(13, 'A')}`);
}

describe('FunctionCredentialIssuer', () => {
  it('issues temporary credentials that name the function and its role', () => {
    const credentials = issuer().issue(identity);
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.secretAccessKey).toHaveLength(40);
    expect(issuer().resolve(credentials.accessKeyId, credentials.sessionToken)).toEqual({
      secretAccessKey: credentials.secretAccessKey,
      identity,
    });
  });

  it('gives every environment its own key', () => {
    const i = issuer();
    const a = i.issue(identity);
    const b = i.issue(identity);
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
    expect(a.secretAccessKey).not.toBe(b.secretAccessKey);
  });

  it('does not recognise altered, borrowed or foreign credentials', () => {
    const i = issuer();
    const mine = i.issue(identity);
    const other = i.issue({ ...identity, roleArn: 'arn:aws:iam::123456789012:role/admin' });
    const [, , seal] = mine.sessionToken.split('.');
    const claimsAdmin = Buffer.from(
      JSON.stringify({ f: identity.functionArn, r: 'arn:aws:iam::123456789012:role/admin' }),
    ).toString('base64url');
    expect(i.resolve(mine.accessKeyId, `GRD1.${claimsAdmin}.${seal}`)).toBeUndefined();
    expect(i.resolve(mine.accessKeyId, other.sessionToken)).toBeUndefined();
    expect(i.resolve(mine.accessKeyId, undefined)).toBeUndefined();
    expect(i.resolve('AKIAEXAMPLE', mine.sessionToken)).toBeUndefined();
    expect(
      issuer('another key'.padEnd(32, '!')).resolve(mine.accessKeyId, mine.sessionToken),
    ).toBeUndefined();
  });
});

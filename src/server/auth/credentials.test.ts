import { describe, expect, it } from 'vitest';
import { functionCredentials, secretLookup } from './credentials.js';

describe('secretLookup', () => {
  it('accepts temporary credentials only with their session token', () => {
    const role = functionCredentials();
    const lookup = secretLookup({ accessKeyId: 'AKIDUSER', secretAccessKey: 'user' }, role);
    expect(lookup.secretFor('AKIDUSER', undefined)).toBe('user');
    expect(lookup.secretFor(role.accessKeyId, role.sessionToken)).toBe(role.secretAccessKey);
    expect(lookup.secretFor(role.accessKeyId, undefined)).toBeUndefined();
    expect(lookup.secretFor(role.accessKeyId, 'forged')).toBeUndefined();
    expect(lookup.secretFor('AKIDOTHER', undefined)).toBeUndefined();
  });
});

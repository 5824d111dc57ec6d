import { describe, expect, it } from 'vitest';
import { routingKeyOf } from './routing-key.js';

const random = { uuid: () => '00000000-0000-4000-8000-000000000001' };
const readOnly = { cookie: 'gradual-routing-key', setCookie: false };

describe('a request routing key', () => {
  it('comes from the header first, then the cookie', () => {
    expect(
      routingKeyOf(
        { headers: { 'x-gradual-routing-key': 'h', cookie: 'gradual-routing-key=c' } },
        readOnly,
        random,
      ),
    ).toEqual({ key: 'h', setCookie: undefined });
    expect(
      routingKeyOf({ headers: { cookie: 'a=1; gradual-routing-key=c; b=2' } }, readOnly, random).key,
    ).toBe('c');
    expect(routingKeyOf({ headers: {} }, readOnly, random)).toEqual({ key: undefined, setCookie: undefined });
  });

  it('is made up, with a cookie to keep it, when the gateway sets cookies', () => {
    expect(routingKeyOf({ headers: {} }, { cookie: 'sticky', setCookie: true }, random)).toEqual({
      key: '00000000-0000-4000-8000-000000000001',
      setCookie: 'sticky=00000000-0000-4000-8000-000000000001; Path=/; HttpOnly; SameSite=Lax',
    });
    expect(
      routingKeyOf({ headers: { cookie: 'sticky=k' } }, { cookie: 'sticky', setCookie: true }, random),
    ).toEqual({
      key: 'k',
      setCookie: undefined,
    });
  });
});

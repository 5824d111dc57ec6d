import { describe, expect, it } from 'vitest';
import { MINUTE, VirtualClock } from '../../common/clock.js';
import { clientKey, LoginThrottle } from './login-throttle.js';

describe('sign-in throttle', () => {
  it('refuses a client after too many failures in a minute, until its oldest ages out', async () => {
    const clock = new VirtualClock();
    const throttle = new LoginThrottle(clock, { maxFailures: 3, windowMs: MINUTE });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs('10.0.0.9')).toBe(0);
      throttle.recordFailure('10.0.0.9');
      await clock.advance(1000);
    }
    expect(throttle.retryAfterMs('10.0.0.9')).toBe(MINUTE - 3000);
    await clock.advance(MINUTE - 3000);
    expect(throttle.retryAfterMs('10.0.0.9')).toBe(0);
  });

  it('holds up only the client that failed: the owner elsewhere signs in at once', () => {
    const throttle = new LoginThrottle(new VirtualClock(), { maxFailures: 3, windowMs: MINUTE });
    for (let i = 0; i < 50; i++) throttle.recordFailure('203.0.113.7');
    expect(throttle.retryAfterMs('203.0.113.7')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('127.0.0.1')).toBe(0);
  });

  it('forgets a client after a success, and never remembers more than maxClients', () => {
    const throttle = new LoginThrottle(new VirtualClock(), {
      maxFailures: 2,
      windowMs: MINUTE,
      maxClients: 100,
    });
    throttle.recordFailure('a');
    throttle.recordFailure('a');
    throttle.recordSuccess('a');
    expect(throttle.retryAfterMs('a')).toBe(0);
    for (let i = 0; i < 10_000; i++) throttle.recordFailure(`198.51.${i >> 8}.${i & 255}`);
    expect(throttle.clients).toBe(100);
    // Asking about strangers remembers nothing.
    for (let i = 0; i < 1000; i++) throttle.retryAfterMs(`stranger-${i}`);
    expect(throttle.clients).toBe(100);
  });
});

describe('client key', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s -> %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});

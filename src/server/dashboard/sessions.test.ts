import { describe, expect, it } from 'vitest';
import { MINUTE, VirtualClock } from '../../common/clock.js';
import { seededRandom } from '../../common/random.js';
import { SessionStore } from './sessions.js';

function store(options = {}) {
  const clock = new VirtualClock();
  return { clock, sessions: new SessionStore({ clock, random: seededRandom(7) }, options) };
}

describe('dashboard sessions', () => {
  it('finds a session by the id handed out, with its own 256-bit CSRF token', () => {
    const { sessions } = store();
    const { id, session } = sessions.create('AKID');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(session.csrfToken).toMatch(/^[0-9a-f]{64}$/);
    expect(session.csrfToken).not.toBe(id);
    expect(sessions.get(id)).toBe(session);
    expect(sessions.get(id.slice(0, -1) + (id.endsWith('0') ? '1' : '0'))).toBeUndefined();
    expect(sessions.get(undefined)).toBeUndefined();
    expect(sessions.get('')).toBeUndefined();
  });

  it('keeps only a hash of the id, so the key it is stored under is not a usable cookie', () => {
    const { sessions } = store();
    const { id, session } = sessions.create('AKID');
    expect(session.key).not.toBe(id);
    expect(sessions.get(session.key)).toBeUndefined();
  });

  it('ends a session unused for the idle time, and a used one at its absolute end', async () => {
    const { clock, sessions } = store({ idleMs: 30 * MINUTE, absoluteMs: 60 * MINUTE });
    const idle = sessions.create('a');
    const busy = sessions.create('b');
    await clock.advance(20 * MINUTE);
    expect(sessions.get(busy.id)).toBe(busy.session);
    await clock.advance(10 * MINUTE);
    expect(sessions.get(idle.id)).toBeUndefined();
    expect(sessions.get(busy.id)).toBe(busy.session);
    expect(sessions.cookieMaxAge(busy.session)).toBe(30 * 60);
    await clock.advance(29 * MINUTE);
    expect(sessions.get(busy.id)).toBe(busy.session);
    await clock.advance(1 * MINUTE);
    expect(sessions.get(busy.id)).toBeUndefined();
    expect(sessions.alive(busy.session)).toBe(false);
  });

  it('alive() follows sign-out without marking the session used', async () => {
    const { clock, sessions } = store({ idleMs: 10 * MINUTE });
    const { id, session } = sessions.create('a');
    await clock.advance(9 * MINUTE);
    expect(sessions.alive(session)).toBe(true);
    await clock.advance(1 * MINUTE);
    expect(sessions.alive(session)).toBe(false);
    const other = sessions.create('b');
    sessions.delete(other.id);
    expect(sessions.alive(other.session)).toBe(false);
    expect(sessions.get(id)).toBeUndefined();
  });

  it('drops the least recently used session beyond the limit, and expired ones at the next sign-in', async () => {
    const { clock, sessions } = store({ maxSessions: 2, idleMs: 10 * MINUTE });
    const a = sessions.create('a');
    const b = sessions.create('b');
    sessions.get(a.id); // a is now the most recent
    const c = sessions.create('c');
    expect(sessions.get(b.id)).toBeUndefined();
    expect(sessions.get(a.id)).toBe(a.session);
    expect(sessions.get(c.id)).toBe(c.session);
    await clock.advance(10 * MINUTE);
    sessions.create('d');
    expect(sessions.size).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/clock.js';
import { DatabaseUnavailableException } from '../../../common/errors.js';
import { Reachability } from './pg-reachability.js';

class Lost extends Error {}
const isLost = (error: unknown): boolean => error instanceof Lost;
const lost = (): Promise<never> => Promise.reject(new Lost('connection terminated'));

describe('reachability of the database', () => {
  it('once a call finds it unreachable, fails the next calls at once, without trying', async () => {
    const clock = new VirtualClock(0);
    let up = false;
    const r = new Reachability(isLost, {
      probe: () => (up ? Promise.resolve() : Promise.reject(new Lost('refused'))),
      wallClock: clock,
    });
    await expect(r.guard(lost)).rejects.toBeInstanceOf(Lost);
    let tried = 0;
    const work = () => ((tried += 1), Promise.resolve('ok'));
    await expect(r.guard(work)).rejects.toBeInstanceOf(DatabaseUnavailableException);
    expect(tried).toBe(0);
    expect(r.reachable).toBe(false);

    // The probe fails while the database is away, then opens the way when it answers.
    await clock.advance(250);
    await expect(r.guard(work)).rejects.toThrow(/cannot reach its database \(refused\)/);
    up = true;
    await clock.advance(250);
    expect(r.reachable).toBe(true);
    await expect(r.guard(work)).resolves.toBe('ok');
    expect(tried).toBe(1);
    expect(r.outages).toBe(1);
  });

  it('does not close the way again for a call that began before the database came back', async () => {
    const clock = new VirtualClock(0);
    const r = new Reachability(isLost, { probe: () => Promise.resolve(), wallClock: clock });
    let fail!: () => void;
    const early = r.guard(() => new Promise<never>((_, reject) => (fail = () => reject(new Lost('late')))));
    await expect(r.guard(lost)).rejects.toBeInstanceOf(Lost);
    await clock.advance(250);
    expect(r.reachable).toBe(true);
    // Sent during the outage, timed out after it: old news.
    fail();
    await expect(early).rejects.toBeInstanceOf(Lost);
    expect(r.reachable).toBe(true);
    await expect(r.guard(lost)).rejects.toBeInstanceOf(Lost);
    expect(r.reachable).toBe(false);
  });

  it('takes a refusal (the database answered) as reachable', async () => {
    const r = new Reachability(isLost);
    await expect(r.guard(lost)).rejects.toBeInstanceOf(Lost);
    // Without a probe, one call at a time goes through as the trial.
    await expect(r.guard(() => Promise.reject(new Error('duplicate key')))).rejects.toThrow('duplicate key');
    expect(r.reachable).toBe(true);
  });

  it('without a probe, lets one trial through at a time', async () => {
    const r = new Reachability(isLost);
    await expect(r.guard(lost)).rejects.toBeInstanceOf(Lost);
    let release!: () => void;
    const trial = r.guard(() => new Promise<string>((resolve) => (release = () => resolve('back'))));
    await expect(r.guard(() => Promise.resolve('second'))).rejects.toBeInstanceOf(
      DatabaseUnavailableException,
    );
    release();
    await expect(trial).resolves.toBe('back');
    await expect(r.guard(() => Promise.resolve('after'))).resolves.toBe('after');
  });
});

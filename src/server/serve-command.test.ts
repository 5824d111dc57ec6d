import { describe, expect, it } from 'vitest';
import { burstLines } from './serve-command.js';
import { DEFAULT_OPTIONS } from './wiring/server-options.js';

describe('the serve banner on bursts', () => {
  it("says the queue is on by default, and how to get Lambda's rule", () => {
    expect(burstLines({ ...DEFAULT_OPTIONS, maxConcurrentInits: 2 }).join('\n')).toBe(
      'Bursts: a request that finds no idle environment waits up to 100 ms for a busy one of its version,\n' +
        '  at most 2 environments starting at once. Lambda never waits: --burst-queue-ms 0 for its rule.',
    );
  });

  it("says when Lambda's rule is on", () => {
    expect(burstLines({ burstQueueMs: 0, maxConcurrentInits: 2 })).toEqual([
      "Bursts: Lambda's rule (--burst-queue-ms 0): a new environment for every concurrent request that finds none idle.",
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { OutOfSpaceError } from '../capacity/out-of-space.js';
import { outOfSpaceError } from './out-of-space.js';

describe('a full data dir in each protocol', () => {
  it.each([
    ['lambda', 'CodeStorageExceededException', 400],
    ['invoke', 'TooManyRequestsException', 429],
    ['codedeploy', 'ThrottlingException', 400],
    ['monitoring', 'LimitExceeded', 400],
    ['logs', 'LimitExceededException', 400],
    ['apigateway', 'LimitExceededException', 429],
    ['iam', 'LimitExceeded', 409],
    ['states', 'ServiceQuotaExceededException', 400],
    [undefined, 'CodeStorageExceededException', 400],
  ])('%s answers %s (%d), never a 500', (service, code, status) => {
    const error = outOfSpaceError(
      service,
      Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' }),
    );
    expect(error).toMatchObject({ code, status });
    expect(error.message).toContain("The data dir's disk is full");
  });

  it("keeps a refusal's own message (what is full, what to delete)", () => {
    const refusal = new OutOfSpaceError({
      addition: { kind: 'alarm', bytes: 2048 },
      dir: '/data',
      freeBytes: 1024,
      reserveBytes: 8 * 1024 * 1024,
    });
    expect(outOfSpaceError('monitoring', refusal).message).toBe(refusal.message);
  });
});

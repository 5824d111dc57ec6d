import { describe, expect, it } from 'vitest';
import { watchExitCode } from './watch.js';

describe('gradual stacks --watch exit code', () => {
  it.each(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'DELETE_COMPLETE', 'IMPORT_COMPLETE'])('%s is 0', (status) =>
    expect(watchExitCode(status)).toBe(0),
  );
  it.each([
    'UPDATE_ROLLBACK_COMPLETE',
    'ROLLBACK_COMPLETE',
    'IMPORT_ROLLBACK_COMPLETE',
    'UPDATE_ROLLBACK_FAILED',
    'ROLLBACK_FAILED',
    'CREATE_FAILED',
    'DELETE_FAILED',
    'REVIEW_IN_PROGRESS',
  ])('%s is 1', (status) => expect(watchExitCode(status)).toBe(1));
});

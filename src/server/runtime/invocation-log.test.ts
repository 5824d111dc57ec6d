import { describe, expect, it } from 'vitest';
import { invocationLog, logTail, reportLine, TAIL_BYTES } from './invocation-log.js';

const fields = {
  requestId: 'r1',
  version: '$LATEST',
  output: 'hello\n',
  durationMs: 1.234,
  memorySizeMb: 128,
  maxMemoryUsedMb: 40,
  initDurationMs: undefined,
};

describe('invocation logs', () => {
  it('writes START, the output, END and REPORT as Lambda does', () => {
    expect(invocationLog(fields)).toBe(
      'START RequestId: r1 Version: $LATEST\nhello\nEND RequestId: r1\n' +
        'REPORT RequestId: r1\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n',
    );
  });

  it('adds Init Duration on a cold start, and the status when the platform ended it', () => {
    expect(reportLine({ ...fields, initDurationMs: 100 })).toContain('\tInit Duration: 100.00 ms\t');
    expect(reportLine({ ...fields, status: { kind: 'timeout' } })).toMatch(/\tStatus: timeout\t$/);
    expect(reportLine({ ...fields, status: { kind: 'error', errorType: 'Runtime.ExitError' } })).toMatch(
      /\tStatus: error\tError Type: Runtime\.ExitError\t$/,
    );
  });

  it('ends output without a newline on its own line', () => {
    expect(invocationLog({ ...fields, output: 'partial' })).toContain('partial\nEND RequestId');
  });

  it('tails the last 4 KB in base64', () => {
    const log = 'a'.repeat(10_000) + 'the end';
    const tail = Buffer.from(logTail(log), 'base64').toString();
    expect(tail).toHaveLength(TAIL_BYTES);
    expect(tail.endsWith('the end')).toBe(true);
    expect(Buffer.from(logTail('short'), 'base64').toString()).toBe('short');
  });
});

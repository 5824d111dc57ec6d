import { describe, expect, it } from 'vitest';
import {
  decodeExit,
  exitError,
  invalidEntrypoint,
  outOfMemory,
  responseTooLarge,
  timedOut,
} from './failure-payloads.js';

describe('payloads Lambda writes for the function', () => {
  it('timeout: Sandbox.Timedout with the configured timeout, two decimals', () => {
    expect(timedOut('id-1', 3)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'RequestId: id-1 Error: Task timed out after 3.00 seconds',
    });
  });

  it.each([
    [2, null, 'RequestId: r Error: Runtime exited with error: exit status 2'],
    [null, 'SIGKILL', 'RequestId: r Error: Runtime exited with error: signal: killed'],
    [null, 'SIGSEGV', 'RequestId: r Error: Runtime exited with error: signal: segmentation fault'],
    [0, null, 'RequestId: r Error: Runtime exited without providing a reason'],
  ])('exit %s / %s: Runtime.ExitError', (code, signal, message) => {
    expect(exitError('r', code, signal)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: message });
  });

  it('out of memory: Runtime.OutOfMemory, killed', () => {
    expect(outOfMemory('r', null, 'SIGKILL')).toEqual({
      errorType: 'Runtime.OutOfMemory',
      errorMessage: 'RequestId: r Error: Runtime exited with error: signal: killed',
    });
  });

  it('response too large and missing bootstrap', () => {
    expect(responseTooLarge()).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
    expect(invalidEntrypoint('r', ['/var/task/bootstrap', '/opt/bootstrap']).errorMessage).toBe(
      "RequestId: r Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]",
    );
  });

  it("reads bubblewrap's 128+N exit codes as signals", () => {
    expect(decodeExit(137, null, true)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(decodeExit(134, null, true)).toEqual({ code: null, signal: 'SIGABRT' });
    expect(decodeExit(137, null, false)).toEqual({ code: 137, signal: null });
    expect(decodeExit(3, null, true)).toEqual({ code: 3, signal: null });
  });
});

/**
 * The error payloads Lambda itself writes when an invocation fails outside the function's own
 * code (Lambda API Reference, Invoke): timeouts, crashes, memory exhaustion, oversized responses. Each is what the
 * caller receives as the body of a 200 with `X-Amz-Function-Error: Unhandled`.
 */
export interface ErrorPayload {
  errorType: string;
  errorMessage: string;
}

/** Largest response a runtime may post: 6 MiB plus 100 bytes, as Lambda's RAPID counts it. */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

export function timedOut(requestId: string, timeoutSeconds: number): ErrorPayload {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
  };
}

/** How a process ended, as Go's `os/exec` words it (Lambda's RAPID is Go). */
export function describeExit(code: number | null, signal: string | null): string | undefined {
  if (signal) return `signal: ${SIGNAL_WORDS[signal] ?? signal.toLowerCase().replace(/^sig/, '')}`;
  if (code !== null && code !== 0) return `exit status ${code}`;
  return undefined;
}

const SIGNAL_WORDS: Record<string, string> = {
  SIGKILL: 'killed',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'floating point exception',
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGTRAP: 'trace/breakpoint trap',
  SIGSYS: 'bad system call',
};

export function exitError(requestId: string, code: number | null, signal: string | null): ErrorPayload {
  const how = describeExit(code, signal);
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: how
      ? `RequestId: ${requestId} Error: Runtime exited with error: ${how}`
      : `RequestId: ${requestId} Error: Runtime exited without providing a reason`,
  };
}

export function outOfMemory(requestId: string, code: number | null, signal: string | null): ErrorPayload {
  return {
    errorType: 'Runtime.OutOfMemory',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${describeExit(code, signal) ?? 'signal: killed'}`,
  };
}

export function responseTooLarge(): ErrorPayload {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  };
}

export function invalidEntrypoint(requestId: string, tried: readonly string[]): ErrorPayload {
  return {
    errorType: 'Runtime.InvalidEntrypoint',
    errorMessage: `RequestId: ${requestId} Error: Couldn't find valid bootstrap(s): [${tried.join(' ')}]`,
  };
}

/**
 * bubblewrap reports a child killed by signal N as exit code 128 + N; turn that back into a
 * signal so the messages read as Lambda's do.
 */
export function decodeExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  viaBwrap: boolean,
): { code: number | null; signal: string | null } {
  if (viaBwrap && code !== null && code > 128 && code < 128 + 32) {
    const name = SIGNAL_NUMBERS[code - 128];
    if (name) return { code: null, signal: name };
  }
  return { code, signal };
}

const SIGNAL_NUMBERS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  15: 'SIGTERM',
  31: 'SIGSYS',
};

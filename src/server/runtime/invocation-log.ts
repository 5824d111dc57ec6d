/**
 * One invocation's log as Lambda writes it (Lambda Developer Guide, Lambda function logging): START, the function's output, END and
 * REPORT; and the `X-Amz-Log-Result` tail, the last 4 KB of it in base64.
 */
export interface ReportFields {
  requestId: string;
  version: string;
  output: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present on a cold start only. */
  initDurationMs: number | undefined;
  /** `timeout` or `error` when the platform ended the invocation. */
  status?: { kind: 'timeout' } | { kind: 'error'; errorType: string };
}

export const TAIL_BYTES = 4096;

export function reportLine(f: ReportFields): string {
  const parts = [
    `REPORT RequestId: ${f.requestId}`,
    `Duration: ${f.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(f.durationMs))} ms`,
    `Memory Size: ${f.memorySizeMb} MB`,
    `Max Memory Used: ${f.maxMemoryUsedMb} MB`,
  ];
  if (f.initDurationMs !== undefined) parts.push(`Init Duration: ${f.initDurationMs.toFixed(2)} ms`);
  if (f.status?.kind === 'timeout') parts.push('Status: timeout');
  if (f.status?.kind === 'error') parts.push('Status: error', `Error Type: ${f.status.errorType}`);
  return parts.join('\t') + '\t';
}

export function invocationLog(f: ReportFields): string {
  const output = f.output === '' || f.output.endsWith('\n') ? f.output : f.output + '\n';
  return (
    `START RequestId: ${f.requestId} Version: ${f.version}\n` +
    output +
    `END RequestId: ${f.requestId}\n` +
    reportLine(f) +
    '\n'
  );
}

/** The last 4 KB of a log, base64-encoded. */
export function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64');
}

import { functionArn, LATEST, parseFunctionArn, type Account } from '../functions/names.js';
import type { InvokeResult } from './invoker.js';
import type { AsyncInvocationRecord } from './store.js';

/**
 * The invocation record Lambda sends to a destination after an asynchronous invocation
 * (AWS documentation: "Retaining records of asynchronous invocations"): what was asked, why it
 * is sent, and what the function answered.
 */
export interface DestinationRecordInput {
  requestId: string;
  /** The qualified ARN the event was for (`:$LATEST` when unqualified). */
  functionArn: string;
  condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';
  approximateInvokeCount: number;
  /** ISO time the record is made. */
  timestamp: string;
  requestPayload: Buffer;
  /** The last attempt's answer, when the function ran. */
  response: { executedVersion: string; functionError: boolean; body: Buffer } | undefined;
}

function json(payload: Buffer): unknown {
  const text = payload.toString('utf8');
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function destinationRecord(input: DestinationRecordInput): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: input.timestamp,
    requestContext: {
      requestId: input.requestId,
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.approximateInvokeCount,
    },
    requestPayload: json(input.requestPayload),
    ...(input.response
      ? {
          responseContext: {
            statusCode: 200,
            executedVersion: input.response.executedVersion,
            ...(input.response.functionError ? { functionError: 'Unhandled' } : {}),
          },
          responsePayload: json(input.response.body),
        }
      : {}),
  };
}

/**
 * The event that carries an invocation record to a destination function, or undefined when the
 * destination is not a function of this account (the API refuses other kinds by name).
 */
export function destinationEvent(
  record: AsyncInvocationRecord,
  destination: string | undefined,
  condition: DestinationRecordInput['condition'],
  out: InvokeResult | undefined,
  at: { account: Account; now: number; wallNow: number; requestId: string },
): AsyncInvocationRecord | undefined {
  if (!destination) return undefined;
  let target: ReturnType<typeof parseFunctionArn>;
  try {
    target = parseFunctionArn(destination, at.account);
  } catch {
    target = undefined;
  }
  if (!target) return undefined;
  const payload = destinationRecord({
    requestId: record.requestId,
    functionArn: functionArn(at.account, record.functionName, record.qualifier ?? LATEST),
    condition,
    approximateInvokeCount: record.attempts + (out ? 1 : 0),
    timestamp: new Date(at.wallNow).toISOString(),
    requestPayload: record.payload,
    response: out && {
      executedVersion: out.executedVersion,
      functionError: out.functionError,
      body: out.body,
    },
  });
  return {
    requestId: at.requestId,
    functionName: target.name,
    qualifier: target.qualifier,
    payload: Buffer.from(JSON.stringify(payload)),
    attempts: 0,
    nextAttemptAt: at.now,
    enqueuedAt: at.now,
  };
}

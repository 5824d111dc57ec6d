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

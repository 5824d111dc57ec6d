import { isObject, type Json } from '../json.js';
import type { InvokeResult } from './io-types.js';
import type { TaskOutcome } from './model.js';

/**
 * `arn:aws:states:::lambda:invoke` returns Lambda's whole Invoke response, the function's result
 * under Payload ("Invoke Lambda with Step Functions").
 */
export function invokeResponse(result: Extract<InvokeResult, { kind: 'ok' }>): Json {
  return {
    ExecutedVersion: result.executedVersion,
    Payload: result.payload,
    SdkHttpMetadata: {
      HttpHeaders: {
        'Content-Type': 'application/json',
        'X-Amz-Executed-Version': result.executedVersion,
        'x-amzn-RequestId': result.requestId,
      },
      HttpStatusCode: result.statusCode,
    },
    SdkResponseMetadata: { RequestId: result.requestId },
    StatusCode: result.statusCode,
  };
}

/**
 * A failed invocation as a Task error: a function error is named by its errorType with the
 * error object as the cause; a refusal by Lambda is `Lambda.<Code>` ("Handling errors").
 */
export function invokeFailure(
  result: Exclude<InvokeResult, { kind: 'ok' }>,
): Extract<TaskOutcome, { kind: 'failed' }> {
  if (result.kind === 'functionError') {
    const payload = result.payload;
    const errorType =
      isObject(payload) && typeof payload.errorType === 'string' ? payload.errorType : 'Lambda.Unknown';
    return {
      kind: 'failed',
      error: errorType,
      cause: typeof payload === 'string' ? payload : JSON.stringify(payload),
    };
  }
  return {
    kind: 'failed',
    error: `Lambda.${result.code}`,
    cause: `${result.message} (Service: AWSLambda; Status Code: ${result.statusCode}; Error Code: ${result.code}; Request ID: ${result.requestId}; Proxy: null)`,
  };
}

import type { Json } from '../json.js';

/** What the engine asks the world to do after a step: invoke a Lambda function for a Task. */
export type Effect = {
  kind: 'invokeLambda';
  callId: string;
  /** A name, ARN or partial ARN, perhaps with `:qualifier`, as Lambda's Invoke takes it. */
  functionName: string;
  qualifier: string | undefined;
  payload: Json;
  invocationType: string | undefined;
  clientContext: string | undefined;
};

/** How a Lambda invocation ended, as the invoker reports it. */
export type InvokeResult =
  | { kind: 'ok'; payload: Json; executedVersion: string; requestId: string; statusCode: number }
  /** The function raised an error: its error object (errorType, errorMessage, ...). */
  | { kind: 'functionError'; payload: Json; executedVersion: string; requestId: string }
  /** Lambda refused the call (ResourceNotFoundException, TooManyRequestsException, ...). */
  | { kind: 'serviceError'; code: string; message: string; statusCode: number; requestId: string };

/** What the engine tells a step about the world since the last one. */
export type Observation =
  | { kind: 'invoked'; callId: string; result: InvokeResult }
  | { kind: 'taskSuccess'; token: string; output: Json }
  | { kind: 'taskFailure'; token: string; error: string | undefined; cause: string | undefined }
  | { kind: 'taskHeartbeat'; token: string }
  | { kind: 'stop'; error: string | undefined; cause: string | undefined }
  /** After a restart: invocations in flight were lost and are made again. */
  | { kind: 'resume' };

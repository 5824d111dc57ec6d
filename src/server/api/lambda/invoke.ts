import { ValidationException } from '../../../common/errors.js';
import { InvalidRequestContentException, RequestEntityTooLargeException } from '../../functions/errors.js';
import { constraintMessage } from '../../functions/names.js';
import { PINNED_VERSION_HEADER, pinnedVersion, ROUTING_KEY_HEADER } from '../../invoke/routing.js';
import { z } from 'zod';
import { restOperation } from '../rest-operation.js';
import { functionRef } from './function-name.js';
import { qualified, QUALIFIER_QUERY, type LambdaDeps } from './operation.js';

/** Request payload limits (Lambda API Reference, Invoke): 6 MB synchronous, 1 MB for `Event`. */
export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
export const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;

const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const;
type InvocationType = (typeof INVOCATION_TYPES)[number];
const LOG_TYPES = ['None', 'Tail'] as const;

function enumHeader<T extends string>(
  value: string | undefined,
  member: string,
  values: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if (!(values as readonly string[]).includes(value)) {
    throw new ValidationException(
      constraintMessage(value, member, `Member must satisfy enum value set: [${values.join(', ')}]`),
    );
  }
  return value as T;
}

/** Checks the size limit of the invocation type, then that the payload is JSON. */
export function checkPayload(payload: Buffer, type: InvocationType): void {
  if (type === 'Event' && payload.length > ASYNC_PAYLOAD_LIMIT) {
    throw new RequestEntityTooLargeException(
      `${payload.length} byte payload is too large for the Event invocation type (limit ${ASYNC_PAYLOAD_LIMIT} bytes)`,
    );
  }
  if (payload.length > SYNC_PAYLOAD_LIMIT) {
    throw new RequestEntityTooLargeException(
      `Request must be smaller than ${SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`,
    );
  }
}

export function checkJson(payload: Buffer): void {
  if (payload.length === 0) return;
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new InvalidRequestContentException(
      `Could not parse request body into json: Could not parse payload into json: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `X-Amz-Client-Context`: base64 of a JSON object, handed to the runtime decoded. */
function clientContext(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const text = Buffer.from(header, 'base64').toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return text;
  } catch {
    // reported below
  }
  throw new InvalidRequestContentException('Client context must be a valid Base64-encoded JSON object.');
}

/**
 * Invoke. Its members travel in headers and the payload is the body, both ways (Lambda API
 * Reference, Invoke): `StatusCode` is the HTTP status, 202 for Event and 204 for DryRun.
 */
export const invoke = restOperation({
  name: 'Invoke',
  http: {
    method: 'POST',
    path: '/2015-03-31/functions/:FunctionName/invocations',
    query: QUALIFIER_QUERY,
    headers: {
      InvocationType: 'x-amz-invocation-type',
      LogType: 'x-amz-log-type',
      ClientContext: 'x-amz-client-context',
      RoutingKey: ROUTING_KEY_HEADER,
      PinnedVersion: PINNED_VERSION_HEADER,
    },
    payload: 'Payload',
  },
  output: {
    status: 'StatusCode',
    headers: {
      FunctionError: 'x-amz-function-error',
      LogResult: 'x-amz-log-result',
      ExecutedVersion: 'x-amz-executed-version',
    },
    payload: 'Payload',
    contentType: 'application/json',
  },
  input: () =>
    z.object({
      ...qualified,
      InvocationType: z.string().optional(),
      LogType: z.string().optional(),
      ClientContext: z.string().optional(),
      RoutingKey: z.string().optional(),
      PinnedVersion: z.string().optional(),
      Payload: z.instanceof(Buffer),
    }),
  async handle(input, { registry, invoke: services }: LambdaDeps, { requestId }) {
    const ref = functionRef(input, registry.account, 'namespaced');
    const type = enumHeader(input.InvocationType, 'invocationType', INVOCATION_TYPES, 'RequestResponse');
    const logType = enumHeader(input.LogType, 'logType', LOG_TYPES, 'None');
    const payload = input.Payload;
    checkPayload(payload, type);
    if (type !== 'RequestResponse') {
      // Validates the function and qualifier (404 / 409) before accepting anything.
      await services.invoker.target(ref.name, ref.qualifier);
      checkJson(payload);
      if (type === 'DryRun') return { StatusCode: 204 };
      await services.asyncQueue.enqueue({
        requestId,
        functionName: ref.name,
        qualifier: ref.qualifier,
        payload,
      });
      return { StatusCode: 202 };
    }
    const context = clientContext(input.ClientContext);
    checkJson(payload);
    const result = await services.invoker.invoke({
      functionName: ref.name,
      qualifier: ref.qualifier,
      payload,
      requestId,
      invocationType: 'RequestResponse',
      tail: logType === 'Tail',
      clientContext: context,
      routingKey: input.RoutingKey || undefined,
      pinnedVersion: pinnedVersion(input.PinnedVersion),
    });
    return {
      StatusCode: 200,
      FunctionError: result.functionError ? 'Unhandled' : undefined,
      LogResult: result.logResult,
      ExecutedVersion: result.executedVersion,
      Payload: result.body,
    };
  },
});

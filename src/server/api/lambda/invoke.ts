import { ValidationException } from '../../../common/errors.js';
import { InvalidRequestContentException, RequestEntityTooLargeException } from '../../functions/errors.js';
import { constraintMessage } from '../../functions/names.js';
import { PINNED_VERSION_HEADER, pinnedVersion, ROUTING_KEY_HEADER } from '../../invoke/routing.js';
import { functionRef } from './function-name.js';
import type { LambdaRequest, Operation } from './operation.js';

/** Request payload limits (spec §1.13): 6 MB synchronous, 1 MB for `Event`. */
export const SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
export const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;

const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const;
type InvocationType = (typeof INVOCATION_TYPES)[number];
const LOG_TYPES = ['None', 'Tail'] as const;

function enumHeader<T extends string>(
  request: LambdaRequest,
  header: string,
  member: string,
  values: readonly T[],
  fallback: T,
): T {
  const value = request.header(header);
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
function clientContext(request: LambdaRequest): string | undefined {
  const header = request.header('x-amz-client-context');
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

export const invoke: Operation = {
  name: 'Invoke',
  method: 'POST',
  path: '/2015-03-31/functions/:FunctionName/invocations',
  async handle(request, { registry, invoke: services }) {
    const ref = functionRef(request, registry.account, 'namespaced');
    const type = enumHeader(
      request,
      'x-amz-invocation-type',
      'invocationType',
      INVOCATION_TYPES,
      'RequestResponse',
    );
    const logType = enumHeader(request, 'x-amz-log-type', 'logType', LOG_TYPES, 'None');
    const payload = request.body;
    checkPayload(payload, type);
    if (type !== 'RequestResponse') {
      // Validates the function and qualifier (404 / 409) before accepting anything.
      await services.invoker.target(ref.name, ref.qualifier);
      checkJson(payload);
      if (type === 'DryRun') return { status: 204 };
      await services.asyncQueue.enqueue({
        requestId: request.requestId,
        functionName: ref.name,
        qualifier: ref.qualifier,
        payload,
      });
      return { status: 202 };
    }
    const context = clientContext(request);
    checkJson(payload);
    const result = await services.invoker.invoke({
      functionName: ref.name,
      qualifier: ref.qualifier,
      payload,
      requestId: request.requestId,
      invocationType: 'RequestResponse',
      tail: logType === 'Tail',
      clientContext: context,
      routingKey: request.header(ROUTING_KEY_HEADER) || undefined,
      pinnedVersion: pinnedVersion(request.header(PINNED_VERSION_HEADER)),
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amz-executed-version': result.executedVersion,
    };
    if (result.functionError) headers['x-amz-function-error'] = 'Unhandled';
    if (result.logResult !== undefined) headers['x-amz-log-result'] = result.logResult;
    return { status: 200, raw: result.body, headers };
  },
};

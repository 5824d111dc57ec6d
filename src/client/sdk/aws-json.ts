import { bodyText, signedRequest, type SignedRequest, type SigningTarget } from './signed-request.js';

/**
 * JSON requests to gradual without an SDK client: its own `/_gradual/v1/` routes, and the AWS
 * operations the everyday commands make (lambda-api.ts, deployments.ts), in the AWS JSON and
 * REST-JSON protocols the SDK speaks. An SDK client costs a CLI command ~0.25 CPU-s to load and
 * run; these cost what signing and node:http do.
 */

/** A failed request, named and worded as the SDK names and words the service's error. */
export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly type: string | undefined,
    message: string,
  ) {
    super(message);
    if (type) this.name = type;
  }
}

/** `aws.protocols#Type:http://...` or `ns#Type` -> `Type`, as the SDK reads x-amzn-errortype and __type. */
export function errorName(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let name = raw.split(',')[0]!.split(':')[0]!;
  if (name.includes('#')) name = name.split('#')[1]!;
  return name || undefined;
}

/** The error a non-2xx answer stands for: its type from the header or the body, its message from the body. */
export function failureOf(status: number, errorType: string | undefined, text: string): RequestFailed {
  let error: { message?: string; Message?: string; __type?: string; code?: string } = {};
  try {
    error = JSON.parse(text) as typeof error;
  } catch {
    // not JSON: report the status
  }
  return new RequestFailed(
    status,
    errorName(errorType ?? error.code ?? error.__type),
    error.message ?? error.Message ?? (text || `HTTP ${status}`),
  );
}

/**
 * Answers worth asking again, as the SDK's standard retry mode does: throttling and a server or
 * balancer briefly unable to answer (the request did not run, or its caller could not know).
 */
const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
/** The waits before the second and third attempts (the SDK's default is 3 attempts in all). */
export const RETRY_DELAYS_MS: readonly number[] = [100, 400];

/** A connection the server closed or reset before answering. */
const transientNetworkError = (error: unknown): boolean => (error as { code?: string }).code === 'ECONNRESET';

/**
 * A signed request whose answer is read whole: its status, headers and text; a non-2xx one throws.
 * A throttled or briefly unavailable answer, or a reset connection, is tried again after each of
 * `delaysMs` (the SDK clients this replaced did the same).
 */
export async function sendSigned(
  to: SigningTarget,
  request: SignedRequest,
  delaysMs: readonly number[] = RETRY_DELAYS_MS,
): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= delaysMs.length || request.signal?.aborted;
    try {
      const answer = await sendOnce(to, request);
      if (last || !TRANSIENT_STATUS.has(answer.status)) return settled(answer);
    } catch (error) {
      if (last || !transientNetworkError(error)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
  }
}

type Answer = { status: number; header(name: string): string | undefined; text: string };

async function sendOnce(to: SigningTarget, request: SignedRequest): Promise<Answer> {
  const response = await signedRequest(to, request);
  const text = await bodyText(response);
  const header = (name: string): string | undefined => {
    const value = response.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return { status: response.statusCode ?? 0, header, text };
}

function settled(answer: Answer): Answer {
  if (answer.status < 200 || answer.status > 299)
    throw failureOf(answer.status, answer.header('x-amzn-errortype'), answer.text);
  return answer;
}

/**
 * A SigV4-signed JSON request: gradual's own `/_gradual/v1/` routes (service `gradual`), or AWS
 * services through their wire protocol (CloudWatch Logs, Lambda's REST paths).
 */
export async function signedJson(
  to: SigningTarget,
  request: { service: string; method: string; path: string; body?: string; headers?: Record<string, string> },
): Promise<unknown> {
  const { text } = await sendSigned(to, request);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** One operation of an AWS JSON-RPC service (CodeDeploy: `CodeDeploy_20141006`, JSON 1.1). */
export async function jsonRpc<O>(
  to: SigningTarget,
  service: {
    signingName: string;
    targetPrefix: string;
    version: '1.0' | '1.1';
    headers?: Record<string, string>;
  },
  operation: string,
  input: object,
): Promise<O> {
  return (await signedJson(to, {
    service: service.signingName,
    method: 'POST',
    path: '/',
    headers: {
      'content-type': `application/x-amz-json-${service.version}`,
      'x-amz-target': `${service.targetPrefix}.${operation}`,
      ...service.headers,
    },
    body: JSON.stringify(input),
  })) as O;
}

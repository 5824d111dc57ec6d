import type {
  AliasConfiguration,
  FunctionConfiguration,
  GetFunctionResponse,
  ListAliasesResponse,
  ListFunctionsResponse,
} from '@aws-sdk/client-lambda';
import { sendSigned, signedJson } from './aws-json.js';
import type { SigningTarget } from './signed-request.js';

/**
 * The Lambda operations the everyday commands make (status, plan, shift, invoke), in Lambda's
 * REST-JSON protocol as the SDK sends them, without loading its client (see aws-json.ts).
 */

// The SDK encodes a path label as encodeURIComponent does, and !'()* too.
const label = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function path(parts: string[], query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, value);
  const qs = search.toString();
  return `/2015-03-31/functions/${parts.map(label).join('/')}${qs ? `?${qs}` : ''}`;
}

const get = async <O>(to: SigningTarget, at: string): Promise<O> =>
  (await signedJson(to, { service: 'lambda', method: 'GET', path: at })) as O;

export function listFunctions(to: SigningTarget, marker?: string): Promise<ListFunctionsResponse> {
  // The trailing slash is the SDK's too: ListFunctions is GET /2015-03-31/functions/.
  return get(to, path([''], { Marker: marker }));
}

export function getFunction(to: SigningTarget, name: string): Promise<GetFunctionResponse> {
  return get(to, path([name]));
}

export function getFunctionConfiguration(
  to: SigningTarget,
  name: string,
  qualifier?: string,
): Promise<FunctionConfiguration> {
  return get(to, path([name, 'configuration'], { Qualifier: qualifier }));
}

export function listAliases(to: SigningTarget, name: string, marker?: string): Promise<ListAliasesResponse> {
  return get(to, path([name, 'aliases'], { Marker: marker }));
}

export function getAlias(to: SigningTarget, name: string, alias: string): Promise<AliasConfiguration> {
  return get(to, path([name, 'aliases', alias]));
}

export interface InvokeResult {
  payload: string;
  functionError: string | undefined;
  executedVersion: string | undefined;
}

/** A synchronous Invoke; `headers` are signed with it (gradual's routing key). */
export async function invoke(
  to: SigningTarget,
  target: { FunctionName: string; Qualifier?: string },
  payload: string,
  headers: Record<string, string> = {},
): Promise<InvokeResult> {
  const answer = await sendSigned(to, {
    service: 'lambda',
    method: 'POST',
    path: path([target.FunctionName, 'invocations'], { Qualifier: target.Qualifier }),
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body: payload,
  });
  return {
    payload: answer.text,
    functionError: answer.header('x-amz-function-error'),
    executedVersion: answer.header('x-amz-executed-version'),
  };
}

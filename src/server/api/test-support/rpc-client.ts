import { ServiceError } from '../../../common/errors.js';
import type { ApiRequest, RpcEndpoint } from '../endpoint.js';
import type { WireResponse } from '../protocols/rest-json.js';

/** What a client reads back: the status, the headers and the body (JSON parsed when it is JSON). */
export interface RpcAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function answer(response: WireResponse): RpcAnswer {
  const text = response.body === undefined ? '' : Buffer.from(response.body).toString('utf8');
  const json = (response.headers['content-type'] ?? '').includes('json');
  return { status: response.status, headers: response.headers, body: json && text ? JSON.parse(text) : text };
}

let requests = 0;

/** Sends one request to an endpoint in-process, errors written as the endpoint writes them. */
export async function send(endpoint: RpcEndpoint, request: Omit<ApiRequest, 'requestId' | 'caller'>) {
  const full: ApiRequest = { ...request, requestId: `req-${++requests}`, caller: undefined };
  if (!endpoint.matches(full))
    throw new Error(`the endpoint does not take ${JSON.stringify(request.headers)}`);
  try {
    return answer(await endpoint.handle(full));
  } catch (error) {
    if (error instanceof ServiceError) return answer(endpoint.writeError(error, full));
    throw error;
  }
}

/** An AWS JSON 1.0/1.1 call: `X-Amz-Target: <prefix><operation>` with `input` as the body. */
export function jsonCall(
  endpoint: RpcEndpoint,
  target: string,
  input: unknown,
  version: '1.0' | '1.1' = '1.1',
): Promise<RpcAnswer> {
  return send(endpoint, {
    method: 'POST',
    rawPath: '/',
    rawQuery: '',
    headers: { 'x-amz-target': target, 'content-type': `application/x-amz-json-${version}` },
    body: Buffer.from(JSON.stringify(input)),
  });
}

/** An awsQuery call: `Action=<operation>&Version=<version>&<params>`. */
export function queryCall(
  endpoint: RpcEndpoint,
  action: string,
  version: string,
  params: Record<string, string>,
): Promise<RpcAnswer> {
  const form = new URLSearchParams({ Action: action, Version: version, ...params });
  return send(endpoint, {
    method: 'POST',
    rawPath: '/',
    rawQuery: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(form.toString()),
  });
}

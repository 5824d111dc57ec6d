import { failureOf } from './aws-json.js';
import type { Connection } from './connection.js';
import { bodyText, signedRequest } from './signed-request.js';

/**
 * A SigV4-signed GET of a server-sent event stream on `/_gradual/v1/`: yields each event's data
 * parsed as JSON, until the server ends the stream or `signal` aborts it.
 */
export async function* signedEvents(
  connection: Connection,
  path: string,
  signal?: AbortSignal,
): AsyncGenerator<unknown> {
  const response = await signedRequest(connection, {
    service: 'gradual',
    method: 'GET',
    path,
    headers: { accept: 'text/event-stream' },
    ...(signal ? { signal } : {}),
  });
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    const type = response.headers['x-amzn-errortype'];
    throw failureOf(status, Array.isArray(type) ? type[0] : type, await bodyText(response));
  }
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) yield JSON.parse(data) as unknown;
    }
  }
}

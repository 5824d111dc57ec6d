import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { RequestFailed, type Connection } from './connection.js';

/**
 * A SigV4-signed GET of a server-sent event stream on `/_gradual/v1/`: yields each event's data
 * parsed as JSON, until the server ends the stream or `signal` aborts it.
 */
export async function* signedEvents(
  connection: Connection,
  path: string,
  signal?: AbortSignal,
): AsyncGenerator<unknown> {
  const url = new URL(path, connection.endpoint);
  const signer = new SignatureV4({
    credentials: connection.credentials,
    region: connection.region,
    service: 'gradual',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host, accept: 'text/event-stream' },
    body: '',
  });
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(url, { headers, signal: signal ?? null });
  if (!response.ok || !response.body) {
    const text = await response.text();
    let message = text || `HTTP ${response.status}`;
    try {
      const error = JSON.parse(text) as { message?: string; Message?: string };
      message = error.message ?? error.Message ?? message;
    } catch {
      // not JSON: keep the text
    }
    throw new RequestFailed(response.status, response.headers.get('x-amzn-errortype') ?? undefined, message);
  }
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
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

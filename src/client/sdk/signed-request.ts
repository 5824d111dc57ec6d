import type * as HashNode from '@smithy/hash-node';
import type * as SignatureV4 from '@smithy/signature-v4';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';

/** Where to send, and who to sign as (a Connection). */
export interface SigningTarget {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface SignedRequest {
  /** The service named in the credential scope: `gradual` for its own routes, else AWS's. */
  service: string;
  method: string;
  /** Path and query, resolved against the endpoint. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

// Required, not imported: the SDK's packages are CommonJS, and an import makes Node scan their
// sources for export names first.
const require = createRequire(import.meta.url);

/**
 * Sends a SigV4-signed request through node:http(s) and resolves with the response, its body
 * unread. Not fetch: its first use in a process costs ~0.3 CPU-s (Node compiles its undici and
 * llhttp's WebAssembly), more than the rest of a CLI command.
 */
export async function signedRequest(to: SigningTarget, request: SignedRequest): Promise<IncomingMessage> {
  const { SignatureV4: Signer } = require('@smithy/signature-v4') as typeof SignatureV4;
  const { Hash } = require('@smithy/hash-node') as typeof HashNode;
  const url = new URL(request.path, to.endpoint);
  const signer = new Signer({
    credentials: to.credentials,
    region: to.region,
    service: request.service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: { host: url.host, ...request.headers },
    body: request.body ?? '',
  });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const sent = send(
      url,
      {
        method: request.method,
        headers: signed.headers,
        ...(request.signal ? { signal: request.signal } : {}),
      },
      resolve,
    );
    sent.on('error', reject);
    sent.end(request.body);
  });
}

/** A response's whole body, as text. */
export async function bodyText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

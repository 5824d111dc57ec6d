import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignedFetchOptions {
  method?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  service?: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  signingDate?: Date;
}

/** Sends a raw HTTP request signed with SigV4, for requests no SDK would send (malformed bodies). */
export async function signedFetch(url: string, options: SignedFetchOptions): Promise<Response> {
  const u = new URL(url);
  const body = options.body ?? '';
  const query: Record<string, string> = {};
  u.searchParams.forEach((v, k) => (query[k] = v));
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'lambda',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    {
      method: options.method ?? 'GET',
      protocol: u.protocol,
      hostname: u.hostname,
      port: Number(u.port),
      path: u.pathname,
      query,
      headers: { host: u.host, ...(options.headers ?? {}) },
      body,
    },
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
  const headers = Object.fromEntries(
    Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'),
  );
  return fetch(url, {
    method: options.method ?? 'GET',
    headers,
    ...(options.method && options.method !== 'GET' && options.method !== 'HEAD' ? { body } : {}),
  });
}

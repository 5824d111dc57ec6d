import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Pool } from 'undici';

export interface SignedInvoker {
  /** Invokes `fn` at `qualifier` synchronously (a function error is an answer, not a failure). */
  invoke(fn: string, qualifier: string, payload: unknown): Promise<void>;
  close(): Promise<void>;
}

/**
 * Lambda `Invoke` requests signed with SigV4 and sent over one kept-alive undici connection: for
 * tests that send thousands of invocations only to make traffic. The SDK's client costs about 1 ms
 * of CPU a call in the test's own process, more than the server spends on the invocation; the
 * SDK's own path is tested elsewhere. A status other than 200 throws, as the SDK would.
 */
export function signedInvoker(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region = 'us-east-1',
): SignedInvoker {
  const u = new URL(url);
  const signer = new SignatureV4({
    credentials,
    region,
    service: 'lambda',
    sha256: Hash.bind(null, 'sha256'),
  });
  const pool = new Pool(u.origin, { connections: 1 });
  return {
    async invoke(fn, qualifier, payload) {
      const path = `/2015-03-31/functions/${encodeURIComponent(fn)}/invocations`;
      const body = JSON.stringify(payload);
      const signed = await signer.sign({
        method: 'POST',
        protocol: u.protocol,
        hostname: u.hostname,
        port: Number(u.port),
        path,
        query: { Qualifier: qualifier },
        headers: { host: u.host, 'content-type': 'application/json' },
        body,
      });
      const res = await pool.request({
        method: 'POST',
        path: `${path}?Qualifier=${encodeURIComponent(qualifier)}`,
        headers: signed.headers,
        body,
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`Invoke ${fn}:${qualifier}: ${res.statusCode} ${text}`);
    },
    close: () => pool.close(),
  };
}

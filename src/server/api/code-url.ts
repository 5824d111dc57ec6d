import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a `Code.Location` link works, as with Lambda's presigned S3 links. */
export const CODE_URL_TTL_MS = 10 * 60 * 1000;
export const CODE_URL_PATH = '/_gradual/code/';

/**
 * Presigned download links for code packages: `GetFunction`'s `Code.Location` points at this
 * server and works without SigV4 until it expires. The key lives in memory, so links made before
 * a restart stop working, as expired links would.
 */
export class CodeUrlSigner {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  private mac(sha256Hex: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${sha256Hex}\n${expires}`).digest('base64url');
  }

  url(baseUrl: string, sha256Hex: string, now: number): string {
    const expires = now + CODE_URL_TTL_MS;
    return `${baseUrl}${CODE_URL_PATH}${sha256Hex}.zip?expires=${expires}&signature=${this.mac(sha256Hex, expires)}`;
  }

  /** True when the link is genuine and unexpired. */
  verify(sha256Hex: string, expires: string | null, signature: string | null, now: number): boolean {
    const at = Number(expires);
    if (!signature || !Number.isFinite(at) || at < now) return false;
    const expected = Buffer.from(this.mac(sha256Hex, at));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

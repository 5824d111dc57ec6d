/** Which bucket and key a request names: path-style `/<bucket>/<key>`, or virtual-host style. */
export interface S3Address {
  bucket: string | undefined;
  /** Decoded; undefined for bucket-level requests. */
  key: string | undefined;
}

const IP = /^(\d+\.\d+\.\d+\.\d+|\[[0-9a-fA-F:]+\])$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * `<bucket>.s3.<anything>` or `<bucket>.localhost` in the Host header puts the bucket in the host
 * (virtual-host style, what a client does when it insists); otherwise the first path segment is
 * the bucket (path style, what clients use against an endpoint given by address).
 */
export function s3Address(host: string | undefined, rawPath: string): S3Address {
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  let bucket: string | undefined;
  if (!IP.test(hostname)) {
    const m = /^(.+?)\.s3(?:[.-][^.]+)*\.[^.]+.*$/.exec(hostname) ?? /^(.+)\.localhost$/.exec(hostname);
    if (m && m[1] !== 's3') bucket = m[1];
  }
  if (bucket !== undefined) {
    const key = rawPath.length > 1 ? decode(rawPath.slice(1)) : undefined;
    return { bucket, key };
  }
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (path === '') return { bucket: undefined, key: undefined };
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: decode(path), key: undefined };
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), key: key === '' ? undefined : decode(key) };
}

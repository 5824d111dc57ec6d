import { errorType } from '../../common/errors.js';
import { noSuchBucket } from './errors.js';
import type { BucketRecord } from './model.js';
import type { S3Decision, S3Reader } from './store.js';

export class MalformedPolicy extends errorType('MalformedPolicy', 400) {}
export class NoSuchBucketPolicy extends errorType('NoSuchBucketPolicy', 404) {}

/**
 * Bucket policies, kept so that PutBucketPolicy / GetBucketPolicy / DeleteBucketPolicy round-trip
 * (what `sam deploy`'s managed bucket stack sets). gradual's S3 does not enforce them: every
 * request signed with this server's credentials may use every bucket.
 */
function bucketOf(r: S3Reader, name: string): BucketRecord {
  const bucket = r.bucket(name);
  if (!bucket) throw noSuchBucket(name);
  return bucket;
}

export function decidePutPolicy(r: S3Reader, name: string, policy: string): S3Decision<void> {
  const bucket = bucketOf(r, name);
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    parsed = undefined;
  }
  if (!policy.trimStart().startsWith('{') || !parsed || typeof parsed !== 'object')
    throw new MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (
    !Array.isArray((parsed as Record<string, unknown>)['Statement']) &&
    typeof (parsed as Record<string, unknown>)['Statement'] !== 'object'
  )
    throw new MalformedPolicy('Missing required field Statement');
  return { changes: [{ kind: 'putBucket', bucket: { ...bucket, policy } }], result: undefined };
}

export function readPolicy(r: S3Reader, name: string): string {
  const policy = bucketOf(r, name).policy;
  if (policy === undefined)
    throw new NoSuchBucketPolicy('The bucket policy does not exist', { BucketName: name });
  return policy;
}

export function decideDeletePolicy(r: S3Reader, name: string): S3Decision<void> {
  const { policy: _dropped, ...bucket } = bucketOf(r, name);
  return { changes: [{ kind: 'putBucket', bucket }], result: undefined };
}

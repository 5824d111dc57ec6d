import { arnRef, ANY, type Check } from './model.js';

/**
 * The IAM action of each S3 operation ("Actions, resources, and condition keys for Amazon S3"):
 * reading an object's metadata is s3:GetObject, listing and HeadBucket are s3:ListBucket, every
 * part of a multipart upload is s3:PutObject, and DeleteObjects is s3:DeleteObject per key.
 */
const ACTIONS: Readonly<Record<string, { action: string; on: 'bucket' | 'object' | 'account' }>> = {
  ListBuckets: { action: 's3:ListAllMyBuckets', on: 'account' },
  CreateBucket: { action: 's3:CreateBucket', on: 'bucket' },
  HeadBucket: { action: 's3:ListBucket', on: 'bucket' },
  DeleteBucket: { action: 's3:DeleteBucket', on: 'bucket' },
  GetBucketLocation: { action: 's3:GetBucketLocation', on: 'bucket' },
  PutBucketPolicy: { action: 's3:PutBucketPolicy', on: 'bucket' },
  GetBucketPolicy: { action: 's3:GetBucketPolicy', on: 'bucket' },
  DeleteBucketPolicy: { action: 's3:DeleteBucketPolicy', on: 'bucket' },
  ListObjectsV2: { action: 's3:ListBucket', on: 'bucket' },
  GetObject: { action: 's3:GetObject', on: 'object' },
  HeadObject: { action: 's3:GetObject', on: 'object' },
  PutObject: { action: 's3:PutObject', on: 'object' },
  CreateMultipartUpload: { action: 's3:PutObject', on: 'object' },
  UploadPart: { action: 's3:PutObject', on: 'object' },
  CompleteMultipartUpload: { action: 's3:PutObject', on: 'object' },
  AbortMultipartUpload: { action: 's3:AbortMultipartUpload', on: 'object' },
  DeleteObject: { action: 's3:DeleteObject', on: 'object' },
  DeleteObjects: { action: 's3:DeleteObject', on: 'object' },
};

/** S3's ARNs name no region or account: `arn:aws:s3:::bucket` and `arn:aws:s3:::bucket/key`. */
export function s3Checks(operation: string, bucket: string | undefined, keys: readonly string[]): Check[] {
  const spec = ACTIONS[operation];
  // An operation gradual does not name is refused by the router; authorize it as the action on *.
  if (!spec || bucket === undefined || spec.on === 'account')
    return [{ action: spec?.action ?? `s3:${operation}`, resource: ANY }];
  if (spec.on === 'bucket') return [{ action: spec.action, resource: arnRef(`arn:aws:s3:::${bucket}`) }];
  return keys.map((key) => ({ action: spec.action, resource: arnRef(`arn:aws:s3:::${bucket}/${key}`) }));
}

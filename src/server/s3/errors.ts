import { errorType } from '../../common/errors.js';

// S3's error codes, statuses and messages (Amazon S3 API Reference, "Error responses").
export class NoSuchBucket extends errorType('NoSuchBucket', 404) {}
export class NoSuchKey extends errorType('NoSuchKey', 404) {}
export class NoSuchUpload extends errorType('NoSuchUpload', 404) {}
export class BucketAlreadyOwnedByYou extends errorType('BucketAlreadyOwnedByYou', 409) {}
export class BucketNotEmpty extends errorType('BucketNotEmpty', 409) {}
export class InvalidBucketName extends errorType('InvalidBucketName', 400) {}
export class InvalidArgument extends errorType('InvalidArgument', 400) {}
export class InvalidPart extends errorType('InvalidPart', 400) {}
export class InvalidPartOrder extends errorType('InvalidPartOrder', 400) {}
export class EntityTooSmall extends errorType('EntityTooSmall', 400) {}
export class MalformedXML extends errorType('MalformedXML', 400) {}
export class InvalidRange extends errorType('InvalidRange', 416) {}
export class NotImplemented extends errorType('NotImplemented', 501) {}
export class BadDigest extends errorType('BadDigest', 400) {}
export class IncompleteBody extends errorType('IncompleteBody', 400) {}

export const noSuchBucket = (bucket: string): NoSuchBucket =>
  new NoSuchBucket('The specified bucket does not exist', { BucketName: bucket });
export const noSuchKey = (key: string): NoSuchKey =>
  new NoSuchKey('The specified key does not exist.', { Key: key });
export const noSuchUpload = (uploadId: string): NoSuchUpload =>
  new NoSuchUpload(
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

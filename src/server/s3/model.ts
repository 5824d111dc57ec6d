/** S3's model, as much of it as artifact pipelines use: buckets and objects, multipart uploads. */

export interface BucketRecord {
  name: string;
  region: string;
  creationDate: number;
  /** The bucket policy as put (kept, not enforced). */
  policy?: string;
}

/** Object bytes live in content-addressed blobs; a multipart object is its parts' blobs in order. */
export interface ObjectRecord {
  bucket: string;
  key: string;
  blobs: string[];
  size: number;
  /** Quoted, as S3 sends it: the MD5 of the bytes, or `<md5 of part md5s>-<parts>` for multipart. */
  etag: string;
  contentType: string;
  /** `x-amz-meta-*` headers, names lowercased without the prefix. */
  metadata: Record<string, string>;
  lastModified: number;
}

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  contentType: string;
  metadata: Record<string, string>;
}

export interface PartRecord {
  uploadId: string;
  partNumber: number;
  blob: string;
  size: number;
  etag: string;
  lastModified: number;
}

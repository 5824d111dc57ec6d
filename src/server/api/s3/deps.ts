import type { SecretLookup } from '../../auth/sigv4.js';
import type { Buckets } from '../../s3/buckets.js';

export interface S3ApiDeps {
  buckets: Buckets;
  /** To check the signatures of aws-chunked uploads; undefined when authentication is off. */
  secrets: SecretLookup | undefined;
}

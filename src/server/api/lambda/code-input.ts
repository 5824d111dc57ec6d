import { ServiceError } from '../../../common/errors.js';
import { InvalidParameterValueException, InvalidRequestContentException } from '../../functions/errors.js';

/** Decodes strict base64 (Node's decoder skips bad characters silently); a round trip is the cheap check. */
function decodeBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') === text) return bytes;
  const compact = text.replace(/\s+/g, '');
  return compact !== text && Buffer.from(compact, 'base64').toString('base64') === compact
    ? Buffer.from(compact, 'base64')
    : undefined;
}

/** Reads a package from gradual's S3 (`Code.S3Bucket` / `S3Key`); undefined when S3 is not wired. */
export type S3Reader = (bucket: string, key: string) => Promise<Buffer>;

interface CodeInput {
  ZipFile?: string | undefined;
  S3Bucket?: string | undefined;
  S3Key?: string | undefined;
  S3ObjectVersion?: string | undefined;
  ImageUri?: string | undefined;
}

/**
 * The zip a create or update carries: inline, or an object of gradual's S3. Buckets keep no
 * versions, so `S3ObjectVersion` is accepted and the current object is read.
 */
export async function zipFromCode(code: CodeInput, readS3: S3Reader | undefined): Promise<Buffer> {
  if (code.ImageUri !== undefined) {
    throw new InvalidParameterValueException(
      'gradual runs Zip packages only: container images (ImageUri, PackageType Image) are not supported.',
    );
  }
  if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
    if (code.ZipFile !== undefined)
      throw new InvalidParameterValueException(
        'Please do not provide other FunctionCode parameters when providing a ZipFile.',
      );
    if (code.S3Bucket === undefined || code.S3Key === undefined)
      throw new InvalidParameterValueException('Please provide a source for function code.');
    if (!readS3)
      throw new InvalidParameterValueException(
        'gradual has no S3 here: send the package inline as Code.ZipFile.',
      );
    try {
      return await readS3(code.S3Bucket, code.S3Key);
    } catch (error) {
      if (error instanceof ServiceError)
        throw new InvalidParameterValueException(
          `Error occurred while GetObject. S3 Error Code: ${error.code}. S3 Error Message: ${error.message}`,
        );
      throw error;
    }
  }
  if (code.ZipFile === undefined)
    throw new InvalidParameterValueException('Please provide a source for function code.');
  const zip = decodeBase64(code.ZipFile);
  if (!zip) {
    throw new InvalidRequestContentException(
      'Could not parse request body into json: Code.ZipFile is not valid base64',
    );
  }
  return zip;
}

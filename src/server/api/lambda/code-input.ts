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

/** The zip a create or update carries. gradual has no S3 and runs no container images. */
export function zipFromCode(code: {
  ZipFile?: string | undefined;
  S3Bucket?: string | undefined;
  S3Key?: string | undefined;
  ImageUri?: string | undefined;
}): Buffer {
  if (code.ImageUri !== undefined) {
    throw new InvalidParameterValueException(
      'gradual runs Zip packages only: container images (ImageUri, PackageType Image) are not supported.',
    );
  }
  if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
    throw new InvalidParameterValueException(
      'gradual has no S3: send the package inline as Code.ZipFile (the AWS CLI: --zip-file fileb://package.zip).',
    );
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

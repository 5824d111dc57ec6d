import { InvalidParameterValueException, InvalidRequestContentException } from '../../registry/errors.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

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
  const text = code.ZipFile.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new InvalidRequestContentException(
      'Could not parse request body into json: Code.ZipFile is not valid base64',
    );
  }
  return Buffer.from(text, 'base64');
}

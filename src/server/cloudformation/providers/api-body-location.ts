import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { loadTemplate } from '../../../common/template/yaml.js';
import { text } from './names.js';
import { isRecord } from '../../../common/is-record.js';

/** The YAML or JSON document an S3 location (`{Bucket, Key, Version}`) names, parsed. */
export async function s3Document(s3: S3Client, location: unknown): Promise<unknown> {
  if (!isRecord(location) || location['Bucket'] === undefined || location['Key'] === undefined)
    throw new Error('An S3 location needs a Bucket and a Key');
  const object = await s3.send(
    new GetObjectCommand({
      Bucket: text(location['Bucket']),
      Key: text(location['Key']),
      ...(location['Version'] !== undefined ? { VersionId: text(location['Version']) } : {}),
    }),
  );
  return loadTemplate(await object.Body!.transformToString());
}

/**
 * An API's properties with `BodyS3Location` (where SAM's `DefinitionUri` and `aws cloudformation
 * package` put the OpenAPI file) read into `Body`, YAML or JSON, as API Gateway's resource reads
 * it; others unchanged.
 */
export async function withBodyFromS3(
  p: Record<string, unknown>,
  s3: S3Client,
): Promise<Record<string, unknown>> {
  if (p['BodyS3Location'] === undefined) return p;
  const { BodyS3Location: location, ...rest } = p;
  return { ...rest, Body: await s3Document(s3, location) };
}

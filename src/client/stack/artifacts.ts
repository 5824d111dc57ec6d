import {
  CreateBucketCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { TemplateError } from '../../common/template/errors.js';
import { loadTemplate } from '../../common/template/yaml.js';
import { isRecord } from '../../common/is-record.js';
import { packageCode } from './package.js';
import { orUndefined } from './sdk-errors.js';

/**
 * What `aws cloudformation package` does, for the template `gradual deploy` sends to the stack
 * engine: each local `CodeUri` (a folder or a .zip) zipped, uploaded to gradual's S3 under its
 * content hash, and replaced by its `s3://` URI. Code already uploaded is not sent again.
 */

export interface Upload {
  /** Where the CodeUri was: `Resources.Fn.Properties.CodeUri` or `Globals.Function.CodeUri`. */
  path: string;
  uri: string;
  bytes: number;
  /** The same code was uploaded before. */
  reused: boolean;
}

export interface PackagedTemplate {
  /** The template as JSON, every local CodeUri an `s3://` URI. */
  body: string;
  uploads: Upload[];
}

const FUNCTION = 'AWS::Serverless::Function';

/** The artifact bucket `gradual deploy` keeps code in, made on first use (as SAM's managed one is). */
export function artifactBucket(accountId: string): string {
  return `gradual-deploy-artifacts-${accountId}`;
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  const found = await orUndefined(s3.send(new HeadBucketCommand({ Bucket: bucket })), 'NotFound');
  if (found) return;
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
    if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw error;
  });
}

/** The places a template may hold a function's CodeUri, with a setter for each. */
function codeUris(
  template: Record<string, unknown>,
): { path: string; value: unknown; set(v: string): void }[] {
  const out: { path: string; value: unknown; set(v: string): void }[] = [];
  const globals = template['Globals'];
  if (isRecord(globals) && isRecord(globals['Function']) && 'CodeUri' in globals['Function']) {
    const fn = globals['Function'];
    out.push({ path: 'Globals.Function.CodeUri', value: fn['CodeUri'], set: (v) => (fn['CodeUri'] = v) });
  }
  const resources = template['Resources'];
  for (const [id, r] of Object.entries(isRecord(resources) ? resources : {})) {
    if (!isRecord(r) || r['Type'] !== FUNCTION || !isRecord(r['Properties'])) continue;
    const props = r['Properties'];
    if ('CodeUri' in props)
      out.push({
        path: `Resources.${id}.Properties.CodeUri`,
        value: props['CodeUri'],
        set: (v) => (props['CodeUri'] = v),
      });
  }
  return out;
}

/** `edit` changes the loaded template before its code is packaged (gradual deploy's default names). */
export async function packageTemplate(
  file: string,
  s3: S3Client,
  bucket: string,
  edit: (template: Record<string, unknown>) => void = () => undefined,
): Promise<PackagedTemplate> {
  const template = loadTemplate(readFileSync(file, 'utf8'));
  edit(template);
  const base = dirname(file);
  const uploads: Upload[] = [];
  const local = codeUris(template).filter(
    (c): c is typeof c & { value: string } => typeof c.value === 'string' && !c.value.startsWith('s3://'),
  );
  if (local.length > 0) await ensureBucket(s3, bucket);
  for (const c of local) {
    const where = isAbsolute(c.value) ? c.value : resolve(base, c.value);
    if (!existsSync(where)) throw new TemplateError(c.path, `${c.value} does not exist (looked in ${where})`);
    const { zip } = await packageCode(where);
    const key = `${createHash('sha256').update(zip).digest('hex')}.zip`;
    const there = await orUndefined(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), 'NotFound');
    if (!there) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: zip }));
    const uri = `s3://${bucket}/${key}`;
    c.set(uri);
    uploads.push({ path: c.path, uri, bytes: zip.length, reused: there !== undefined });
  }
  return { body: JSON.stringify(template), uploads };
}

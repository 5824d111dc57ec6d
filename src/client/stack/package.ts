import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildZip, type ZipEntry } from '../../common/zip-writer.js';

export interface CodePackage {
  zip: Buffer;
  /** Lambda's CodeSha256: base64 of the zip's SHA-256. */
  sha256: string;
}

function collect(root: string, dir: string, out: Record<string, ZipEntry>): void {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const stat = statSync(full);
    if (stat.isDirectory()) collect(root, full, out);
    else if (stat.isFile())
      out[relative(root, full).split(sep).join('/')] = {
        content: readFileSync(full),
        executable: (stat.mode & 0o111) !== 0,
      };
  }
}

/**
 * A CodeUri as a zip: a .zip is taken as is; a folder is zipped deterministically (sorted entries,
 * fixed times), so unchanged code gives the same CodeSha256 and publishes nothing.
 */
export async function packageCode(codeUri: string): Promise<CodePackage> {
  let zip: Buffer;
  if (statSync(codeUri).isFile()) {
    zip = readFileSync(codeUri);
  } else {
    const files: Record<string, ZipEntry> = {};
    collect(codeUri, codeUri, files);
    zip = await buildZip(files);
  }
  return { zip, sha256: createHash('sha256').update(zip).digest('base64') };
}

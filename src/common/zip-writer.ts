import yazl from 'yazl';

/** A file to put in a zip: its content and whether it is executable. */
export interface ZipEntry {
  content: string | Buffer;
  executable?: boolean;
}

/** Fixed timestamp so the same files always give the same bytes (and the same CodeSha256). */
const EPOCH = new Date(Date.UTC(1980, 0, 1));

/** Builds a zip deterministically: entries sorted by path, fixed times and modes. */
export function buildZip(files: Readonly<Record<string, string | Buffer | ZipEntry>>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const path of Object.keys(files).sort()) {
    const value = files[path]!;
    const entry: ZipEntry = typeof value === 'string' || Buffer.isBuffer(value) ? { content: value } : value;
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
    zip.addBuffer(content, path, { mtime: EPOCH, mode: entry.executable ? 0o100755 : 0o100644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

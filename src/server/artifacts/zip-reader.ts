import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import yauzl from 'yauzl';

/** What a zip holds, read from its central directory. */
export interface ZipSummary {
  entries: number;
  unzippedSize: number;
}

export class InvalidZipError extends Error {}

function open(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, strictFileNames: false, validateEntrySizes: true },
      (err, zip) =>
        err || !zip ? reject(new InvalidZipError(err?.message ?? 'unreadable zip')) : resolve(zip),
    );
  });
}

/** Calls `onEntry` for each entry in order; yauzl rejects absolute and `..` paths on its own. */
async function eachEntry(
  buffer: Buffer,
  onEntry: (zip: yauzl.ZipFile, entry: yauzl.Entry) => Promise<void>,
): Promise<void> {
  const zip = await open(buffer);
  await new Promise<void>((resolve, reject) => {
    const fail = (err: unknown): void => {
      zip.close();
      reject(new InvalidZipError(err instanceof Error ? err.message : String(err)));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      onEntry(zip, entry).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}

/** Lists a zip without extracting it. Throws InvalidZipError if it cannot be read. */
export async function summarizeZip(buffer: Buffer): Promise<ZipSummary> {
  let entries = 0;
  let unzippedSize = 0;
  await eachEntry(buffer, (_zip, entry) => {
    entries += 1;
    unzippedSize += entry.uncompressedSize;
    return Promise.resolve();
  });
  return { entries, unzippedSize };
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Extracts a zip into `root`, keeping the executable bit (a `provided` runtime's `bootstrap` needs
 * it) and symlinks that stay inside `root`.
 */
export async function extractZip(buffer: Buffer, root: string): Promise<void> {
  await mkdir(root, { recursive: true });
  await eachEntry(buffer, async (zip, entry) => {
    const target = join(root, normalize(entry.fileName));
    if (relative(root, target).startsWith('..'))
      throw new InvalidZipError(`entry escapes the package: ${entry.fileName}`);
    if (entry.fileName.endsWith('/')) {
      await mkdir(target, { recursive: true });
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    const madeOnUnix = entry.versionMadeBy >> 8 === 3;
    const mode = madeOnUnix ? (entry.externalFileAttributes >>> 16) & 0xffff : 0;
    const content = await readEntry(zip, entry);
    if ((mode & S_IFMT) === S_IFLNK) {
      const link = content.toString('utf8');
      const resolved = join(dirname(target), link);
      if (isAbsolute(link) || relative(root, resolved).startsWith('..')) return; // outside the package: dropped
      await symlink(link, target);
      return;
    }
    await writeFile(target, content, { mode: mode & 0o111 ? 0o755 : 0o644 });
  });
}

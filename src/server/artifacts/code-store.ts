import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { extractZip } from './zip-reader.js';

/** Code packages shared by the nodes of a cluster (the database), by content hash. */
export interface CodeBlobs {
  put(sha256Hex: string, zip: Buffer): Promise<void>;
  get(sha256Hex: string): Promise<Buffer | undefined>;
  /** Removes the packages nothing refers to (and old enough not to be in flight). */
  collectGarbage(referenced: ReadonlySet<string>): Promise<number>;
}

/**
 * Code packages on disk, addressed by the hex SHA-256 of the zip: `<root>/<sha>.zip`, and the
 * package unpacked once into `<root>/<sha>/` for the runtime. Identical code is stored once.
 * Files appear atomically (written aside, then renamed), so a crash leaves either nothing or a
 * complete file; orphans from a crash are removed by `collectGarbage`.
 */
export class CodeStore {
  /** Makes temporary names unique, so concurrent writes of the same package do not collide. */
  private seq = 0;

  /**
   * `shared`: in a cluster, the packages every node can fetch; this node's directory is then a
   * cache of them (a package uploaded through another node is fetched on first use).
   */
  constructor(
    private readonly root: string,
    private readonly shared?: CodeBlobs,
  ) {}

  static sha256Hex(zip: Buffer): string {
    return createHash('sha256').update(zip).digest('hex');
  }

  zipPath(sha256Hex: string): string {
    return join(this.root, `${sha256Hex}.zip`);
  }

  unpackedPath(sha256Hex: string): string {
    return join(this.root, sha256Hex);
  }

  /** Stores the zip durably (fsynced) under its hex SHA-256, computed here unless given. */
  async put(zip: Buffer, sha = CodeStore.sha256Hex(zip)): Promise<string> {
    // Shared first: a package is acknowledged only once every node can have it.
    await this.shared?.put(sha, zip);
    return this.putLocal(zip, sha);
  }

  private async putLocal(zip: Buffer, sha: string): Promise<string> {
    const final = this.zipPath(sha);
    if (existsSync(final)) return sha;
    await mkdir(this.root, { recursive: true });
    const temp = `${final}.${process.pid}.${this.seq++}.tmp`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(zip);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, final);
    await this.syncDirectory();
    return sha;
  }

  async read(sha256Hex: string): Promise<Buffer> {
    if (this.shared && !existsSync(this.zipPath(sha256Hex))) {
      const zip = await this.shared.get(sha256Hex);
      if (zip) await this.putLocal(zip, sha256Hex);
    }
    return readFile(this.zipPath(sha256Hex));
  }

  /** Unpacks the package once; later calls find it in place. Returns the directory. */
  async unpack(sha256Hex: string): Promise<string> {
    const final = this.unpackedPath(sha256Hex);
    if (existsSync(final)) return final;
    const temp = `${final}.${process.pid}.${this.seq++}.unpacking`;
    await rm(temp, { recursive: true, force: true });
    await extractZip(await this.read(sha256Hex), temp);
    await rename(temp, final).catch(async (error: NodeJS.ErrnoException) => {
      // Another unpack of the same package won the race: theirs is identical.
      if (!existsSync(final)) throw error;
      await rm(temp, { recursive: true, force: true });
    });
    return final;
  }

  /** Removes packages nothing refers to, and leftovers of interrupted writes. */
  async collectGarbage(referenced: ReadonlySet<string>): Promise<number> {
    await this.shared?.collectGarbage(referenced);
    if (!existsSync(this.root)) return 0;
    let removed = 0;
    for (const name of await readdir(this.root)) {
      const sha = name.replace(/\.zip$/, '');
      const leftover = name.includes('.tmp') || name.includes('.unpacking');
      if (leftover || !referenced.has(sha)) {
        await rm(join(this.root, name), { recursive: true, force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private async syncDirectory(): Promise<void> {
    const dir = await open(this.root, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

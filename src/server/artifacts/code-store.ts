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
 * complete file; a failed write removes what it left, and orphans from a crash are removed by
 * `collectGarbage`. A package nothing refers to any more is removed at once (`removeIfUnused`),
 * unless a write that will refer to it is under way (it is pinned).
 */
export class CodeStore {
  /** Makes temporary names unique, so concurrent writes of the same package do not collide. */
  private seq = 0;
  /** Packages some write is about to refer to: never removed meanwhile. */
  private readonly pins = new Map<string, number>();
  /** Removals asked for while pinned, run when the last pin goes. */
  private readonly deferred = new Map<string, () => Promise<boolean>>();
  /** Pins ever taken: a removal checks that none came (and went) while it asked the store. */
  private pinsTaken = 0;
  private readonly removing = new Map<string, Promise<void>>();
  /**
   * Unpacks under way: a second caller shares the first's (twenty functions created at once from
   * one zip would otherwise each extract it, and on a loaded machine stay Pending for seconds).
   */
  private readonly unpacking = new Map<string, Promise<string>>();
  private readonly removedListeners = new Set<(sha256Hex: string) => void>();

  /**
   * `shared`: in a cluster, the packages every node can fetch; this node's directory is then a
   * cache of them (a package uploaded through another node is fetched on first use).
   */
  constructor(
    private readonly root: string,
    private readonly shared?: CodeBlobs,
    private readonly extract: (zip: Buffer, dir: string) => Promise<void> = extractZip,
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

  /** True when the package is stored already (storing it again costs no space). */
  has(sha256Hex: string): boolean {
    return existsSync(this.zipPath(sha256Hex)) && !this.removing.has(sha256Hex);
  }

  /**
   * Keeps the package from being removed until `release` is called: taken before storing code a
   * transaction will refer to, so a concurrent delete of the last user cannot remove it.
   */
  pin(sha256Hex: string): void {
    this.pins.set(sha256Hex, (this.pins.get(sha256Hex) ?? 0) + 1);
    this.pinsTaken += 1;
  }

  release(sha256Hex: string): void {
    const count = (this.pins.get(sha256Hex) ?? 1) - 1;
    if (count > 0) {
      this.pins.set(sha256Hex, count);
      return;
    }
    this.pins.delete(sha256Hex);
    const isReferenced = this.deferred.get(sha256Hex);
    this.deferred.delete(sha256Hex);
    if (isReferenced) void this.removeIfUnused(sha256Hex, isReferenced);
  }

  /** Hears the hash of every package removed (caches of unpacked packages forget it). */
  onRemoved(listener: (sha256Hex: string) => void): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  /** Stores the zip durably (fsynced) under its hex SHA-256, computed here unless given. */
  async put(zip: Buffer, sha = CodeStore.sha256Hex(zip)): Promise<string> {
    // Shared first: a package is acknowledged only once every node can have it.
    await this.shared?.put(sha, zip);
    return this.putLocal(zip, sha);
  }

  private async putLocal(zip: Buffer, sha: string): Promise<string> {
    await this.removing.get(sha);
    const final = this.zipPath(sha);
    if (existsSync(final)) return sha;
    await mkdir(this.root, { recursive: true });
    const temp = `${final}.${process.pid}.${this.seq++}.tmp`;
    try {
      const file = await open(temp, 'w');
      try {
        await file.writeFile(zip);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, final);
    } catch (error) {
      // A full disk leaves a partial file: it must not stay to take more room.
      await rm(temp, { force: true });
      throw error;
    }
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

  /** Unpacks the package once; later and concurrent calls find it in place. Returns the directory. */
  async unpack(sha256Hex: string): Promise<string> {
    await this.removing.get(sha256Hex);
    const running = this.unpacking.get(sha256Hex);
    if (running) return running;
    const work = this.unpackOnce(sha256Hex).finally(() => this.unpacking.delete(sha256Hex));
    this.unpacking.set(sha256Hex, work);
    return work;
  }

  private async unpackOnce(sha256Hex: string): Promise<string> {
    const final = this.unpackedPath(sha256Hex);
    if (existsSync(final)) return final;
    const temp = `${final}.${process.pid}.${this.seq++}.unpacking`;
    this.pin(sha256Hex);
    try {
      await rm(temp, { recursive: true, force: true });
      await this.extract(await this.read(sha256Hex), temp);
      await rename(temp, final).catch(async (error: NodeJS.ErrnoException) => {
        // Another unpack of the same package won the race: theirs is identical.
        if (!existsSync(final)) throw error;
        await rm(temp, { recursive: true, force: true });
      });
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    } finally {
      this.release(sha256Hex);
    }
    return final;
  }

  /**
   * Removes the package (zip and unpacked copy) when `isReferenced` says nothing refers to it
   * any more; when a write has it pinned, once the pin goes. Never rejects.
   */
  async removeIfUnused(sha256Hex: string, isReferenced: () => Promise<boolean>, tries = 3): Promise<void> {
    const before = this.pinsTaken;
    let referenced: boolean;
    try {
      referenced = await isReferenced();
    } catch {
      return; // cannot tell now: collectGarbage decides at the next start
    }
    if (this.pins.has(sha256Hex)) {
      this.deferred.set(sha256Hex, isReferenced);
      return;
    }
    if (referenced) return;
    // A write may have referred to it while the store was asked: ask again (or leave it to collectGarbage).
    if (this.pinsTaken !== before) {
      if (tries > 1) await this.removeIfUnused(sha256Hex, isReferenced, tries - 1);
      return;
    }
    const running = this.removing.get(sha256Hex);
    if (running) return running;
    const work = Promise.all([
      rm(this.zipPath(sha256Hex), { force: true }),
      rm(this.unpackedPath(sha256Hex), { recursive: true, force: true }),
    ])
      .then(() => {
        for (const listener of this.removedListeners) listener(sha256Hex);
      })
      .catch(() => undefined) // what could not be removed now, collectGarbage removes at start-up
      .finally(() => this.removing.delete(sha256Hex));
    this.removing.set(sha256Hex, work);
    return work;
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

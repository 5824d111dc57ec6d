import { existsSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The file that holds the reserve: deleted when something else fills the disk to the brim. */
export const RESERVE_FILE = 'space-reserve';

/** Frees the reserve at once (start-up on a full disk). True when there was one. */
export function releaseSpaceReserve(dataDir: string): boolean {
  const file = join(dataDir, RESERVE_FILE);
  if (!existsSync(file)) return false;
  rmSync(file, { force: true });
  return true;
}

/**
 * Room set aside as a file of zeros in the data dir. The free-space threshold keeps gradual's own
 * writes from filling the disk; this covers everything else that might (another program, a
 * log rotation): when the disk is nearly out of space the file goes, and deletes, alias changes
 * and rollbacks find the room they need. It comes back once there is plenty of space again.
 */
export class SpaceReserve {
  private held: boolean;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly dataDir: string,
    readonly bytes: number,
  ) {
    this.held = existsSync(this.file);
  }

  get file(): string {
    return join(this.dataDir, RESERVE_FILE);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Deletes the reserve; true when it was held. */
  release(): boolean {
    if (!this.held) return false;
    rmSync(this.file, { force: true });
    this.held = false;
    return true;
  }

  /** Writes the reserve back (in the background; a failure leaves it released). */
  restore(onDone: (restored: boolean) => void): void {
    if (this.held || this.writing || this.bytes <= 0) return;
    const temp = `${this.file}.tmp`;
    this.writing = (async () => {
      try {
        const handle = await open(temp, 'w');
        try {
          const chunk = Buffer.alloc(Math.min(this.bytes, 1024 * 1024));
          for (let written = 0; written < this.bytes; written += chunk.length) {
            await handle.write(chunk, 0, Math.min(chunk.length, this.bytes - written));
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rm(this.file, { force: true });
        await rename(temp, this.file);
        this.held = true;
        onDone(true);
      } catch {
        await rm(temp, { force: true });
        onDone(false);
      } finally {
        this.writing = undefined;
      }
    })();
  }

  /** Waits for a restore in flight (tests, shutdown). */
  async settled(): Promise<void> {
    await this.writing;
  }
}

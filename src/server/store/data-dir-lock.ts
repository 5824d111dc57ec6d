import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { releaseSpaceReserve } from '../capacity/space-reserve.js';
import { ActionableError } from '../../common/errors.js';
import { SERVER_PID_FILE } from '../../contracts/data-dirs.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One server per data dir: two would both settle functions and run deployments. The lock is a
 * file holding the owner's pid; a lock left by a process that no longer exists (after kill -9)
 * is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SERVER_PID_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC') {
        // Starting on a full disk: the half-made lock goes, and the space reserve makes room.
        rmSync(file, { force: true });
        if (releaseSpaceReserve(dataDir)) continue;
      }
      if (code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new ActionableError(
          `another gradual server (pid ${owner}) is using ${dataDir}: stop it, or pick another --data-dir.`,
          { cause: error },
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

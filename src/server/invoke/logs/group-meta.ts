import { existsSync, statSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** What a log group keeps beside its segments: when it was created and its retention. */
export interface GroupMeta {
  createdAt: number;
  retentionInDays?: number;
}

const FILE = 'group.json';

/** Reads a group's metadata; a group from before it was kept dates from its folder. */
export async function readGroupMeta(dir: string): Promise<GroupMeta> {
  try {
    const meta = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as Partial<GroupMeta>;
    if (typeof meta.createdAt === 'number') {
      return {
        createdAt: meta.createdAt,
        ...(typeof meta.retentionInDays === 'number' ? { retentionInDays: meta.retentionInDays } : {}),
      };
    }
  } catch {
    // missing or damaged: dated from the folder below
  }
  return { createdAt: existsSync(dir) ? Math.floor(statSync(dir).mtimeMs) : 0 };
}

/** Replaces the metadata atomically (written aside, synced, renamed); a failure leaves the old one. */
export async function writeGroupMeta(dir: string, meta: GroupMeta): Promise<void> {
  const final = join(dir, FILE);
  const temp = `${final}.tmp`;
  try {
    const file = await open(temp, 'w');
    try {
      await file.writeFile(JSON.stringify(meta));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

import type { CodeStore } from '../artifacts/code-store.js';
import { isOutOfSpace, OutOfSpaceError } from '../capacity/out-of-space.js';
import type { Addition } from '../capacity/space-rules.js';
import { CodeStorageExceededException } from './errors.js';
import type { FunctionAggregate } from './model.js';
import type { FunctionChange } from './store.js';

/** The data dir's free space, as the registry uses it: code is refused before it fills the disk. */
export interface SpaceGuard {
  admit(addition: Addition): void;
  /** Forgets the cached reading (after code was freed). */
  refresh(): void;
}

/**
 * Stores a validated package by content hash and pins it (the caller releases it once the write
 * that refers to it has committed or failed). Identical code is stored once, so only new code
 * needs room: the zip and its unpacked copy. A full disk is Lambda's CodeStorageExceededException.
 */
export async function storePinned(
  packages: CodeStore,
  space: SpaceGuard | undefined,
  zip: Buffer,
  code: { sha256Hex: string; unzippedSize: number },
): Promise<void> {
  packages.pin(code.sha256Hex);
  try {
    if (!packages.has(code.sha256Hex)) space?.admit({ kind: 'code', bytes: zip.length + code.unzippedSize });
    await packages.put(zip, code.sha256Hex);
  } catch (error) {
    packages.release(code.sha256Hex);
    if (error instanceof OutOfSpaceError) throw new CodeStorageExceededException(error.message);
    if (isOutOfSpace(error)) {
      throw new CodeStorageExceededException(
        `The data dir's disk is full: the code package could not be stored (${String(error)}). Delete functions or versions you no longer need, or free space on that disk.`,
      );
    }
    throw error;
  }
}

/** Code packages the changes stop this function from using (other functions may still use them). */
export function droppedCode(agg: FunctionAggregate, changes: readonly FunctionChange[]): string[] {
  const dropped: string[] = [];
  for (const change of changes) {
    if (change.kind === 'deleteFunction') {
      dropped.push(
        agg.fn.latest.code.sha256Hex,
        ...[...agg.versions.values()].map((v) => v.config.code.sha256Hex),
      );
    } else if (change.kind === 'deleteVersion') {
      const version = agg.versions.get(change.version);
      if (version) dropped.push(version.config.code.sha256Hex);
    } else if (
      change.kind === 'putFunction' &&
      change.fn.latest.code.sha256Hex !== agg.fn.latest.code.sha256Hex
    ) {
      dropped.push(agg.fn.latest.code.sha256Hex);
    }
  }
  return dropped;
}

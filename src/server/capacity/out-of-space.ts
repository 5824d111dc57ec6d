import { shortageMessage, type Shortage } from './space-rules.js';

/**
 * A write that adds data, refused before it started because the data dir is nearly full. Each
 * API turns it into its own protocol's error; the message says what is full and what to delete.
 */
export class OutOfSpaceError extends Error {
  constructor(readonly shortage: Shortage) {
    super(shortageMessage(shortage));
  }

  override get name(): string {
    return 'OutOfSpaceError';
  }
}

/** True for a refusal, and for what the file system or SQLite throw when the disk is full. */
export function isOutOfSpace(error: unknown): boolean {
  if (error instanceof OutOfSpaceError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

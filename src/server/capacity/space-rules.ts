/**
 * The rules of the data dir's free space, kept pure: how full is too full, whether a write that
 * adds data may go ahead, and what to tell the operator when it may not.
 */

export interface SpaceOptions {
  /**
   * Free space kept for deletes, alias changes, rollbacks and the database's own bookkeeping:
   * writes that add data (code, events, deployments, logs) are refused rather than eat into it.
   */
  reserveBytes: number;
  /** Below this much free space the server warns (log and `/metrics`) but still accepts writes. */
  warnBytes: number;
  /**
   * Size of the reserve file (see space-reserve.ts): room set aside for when something other
   * than gradual fills the disk.
   */
  reserveFileBytes: number;
}

export const MB = 1024 * 1024;

/** Options for a reserve of `reserveBytes`: the warning starts at four times the reserve. */
export function spaceOptions(reserveBytes: number): SpaceOptions {
  return {
    reserveBytes,
    warnBytes: reserveBytes * 4,
    reserveFileBytes: Math.min(16 * MB, Math.floor(reserveBytes / 2)),
  };
}

export const DEFAULT_SPACE_OPTIONS: SpaceOptions = spaceOptions(64 * MB);

/** What to do with the reserve file at this much free space. */
export function reserveAction(
  freeBytes: number,
  held: boolean,
  options: SpaceOptions,
): 'release' | 'restore' | 'keep' {
  // Nearly nothing left: whatever filled the disk, deletes and rollbacks need the room now.
  if (held && freeBytes < Math.max(MB, options.reserveFileBytes / 4)) return 'release';
  // Plenty again: put it back (it leaves the free space well above the threshold).
  if (!held && freeBytes > options.reserveBytes + 2 * options.reserveFileBytes) return 'restore';
  return 'keep';
}

export const SpaceLevel = { ok: 'ok', low: 'low', full: 'full' } as const;
export type SpaceLevel = (typeof SpaceLevel)[keyof typeof SpaceLevel];

export function levelOf(freeBytes: number, options: SpaceOptions): SpaceLevel {
  if (freeBytes < options.reserveBytes) return SpaceLevel.full;
  if (freeBytes < options.warnBytes) return SpaceLevel.low;
  return SpaceLevel.ok;
}

/** What a write that adds data would store, for the operator's message. */
export type Addition =
  | { kind: 'code'; bytes: number }
  | { kind: 'event'; bytes: number }
  | { kind: 'deployment'; bytes: number }
  | { kind: 'alarm'; bytes: number }
  | { kind: 'log'; bytes: number };

export type Admission = { kind: 'admit' } | { kind: 'refuse'; shortage: Shortage };

/** Why a write was refused: the facts the message is built from. */
export interface Shortage {
  addition: Addition;
  dir: string;
  freeBytes: number;
  reserveBytes: number;
}

export function decideAddition(
  addition: Addition,
  freeBytes: number,
  dir: string,
  options: SpaceOptions,
): Admission {
  if (freeBytes - addition.bytes >= options.reserveBytes) return { kind: 'admit' };
  return { kind: 'refuse', shortage: { addition, dir, freeBytes, reserveBytes: options.reserveBytes } };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.max(0, Math.round(bytes))} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${(bytes / 1024 / MB).toFixed(2)} GB`;
}

const WHAT: Record<Addition['kind'], string> = {
  code: 'this code package',
  event: 'this event',
  deployment: 'this deployment',
  alarm: 'this alarm',
  log: 'function logs',
};

/**
 * The operator's message: what is full, how much is free, and what to delete. Deletes, alias
 * changes and rollbacks still work, so the message can point at them.
 */
export function shortageMessage(s: Shortage): string {
  return (
    `The data dir ${s.dir} is nearly full: ${formatBytes(s.freeBytes)} free, and gradual keeps ` +
    `${formatBytes(s.reserveBytes)} for deletes, alias changes and rollbacks, so it cannot store ` +
    `${WHAT[s.addition.kind]} (${formatBytes(s.addition.bytes)}). Delete functions or versions you no ` +
    'longer need (their code is freed at once), shorten log retention (aws logs put-retention-policy), ' +
    'or free space on that disk; gradual accepts writes again as soon as there is room.'
  );
}

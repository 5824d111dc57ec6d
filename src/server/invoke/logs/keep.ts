import { join } from 'node:path';
import type { Log } from '../../../common/log.js';
import type { GroupLog } from './group-log.js';
import { repairTail } from './records.js';
import { segmentsToDelete, startOf } from './segment-rules.js';

/** The group's segments whose records are all older than `cutoff` (retention), the newest included. */
export function expiredSegments(group: GroupLog, cutoff: number): string[] {
  const all = [...group.segments];
  const active = group.activeName;
  if (active) all.push({ name: active, size: 0, start: startOf(active), modified: Infinity });
  return segmentsToDelete(all, group.lastTimestamp, { cutoff, capBytes: Infinity, active: undefined });
}

/** The oldest sealed segments to delete so the group fits in `capBytes`. */
export function oversizeSegments(group: GroupLog, capBytes: number): string[] {
  if (group.storedBytes <= capBytes) return [];
  return segmentsToDelete(group.segments, group.lastTimestamp, {
    cutoff: undefined,
    capBytes,
    active: group.activeName,
  });
}

/** Cuts the torn tails a crash left on the group's segments; returns how many it cut. */
export async function repairGroup(group: GroupLog, log: Log): Promise<number> {
  let repaired = 0;
  for (const segment of [...group.segments.map((s) => s.name), group.activeName]) {
    if (!segment) continue;
    try {
      if (await repairTail(join(group.dir, segment))) repaired += 1;
    } catch (error) {
      log.warn('could not check a log segment', { segment, error: String(error) });
    }
  }
  return repaired;
}

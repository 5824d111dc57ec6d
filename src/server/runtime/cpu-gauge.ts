import { cpus } from 'node:os';

/** How busy the machine's CPUs have been lately, for the burst queue (burst-rules.ts). */
export interface CpuGauge {
  /** Share of CPU time busy since the previous reading, 0 to 1, every process counted. */
  busyFraction(): number;
}

/** CPU time summed over every core, ms: busy (user, nice, sys, irq) and in all. */
export interface CpuTimes {
  busy: number;
  total: number;
}

/** The busy share of the CPU time between two readings. */
export function busyBetween(a: CpuTimes, b: CpuTimes): number {
  const total = b.total - a.total;
  return total > 0 ? Math.min(1, Math.max(0, (b.busy - a.busy) / total)) : 0;
}

export function readCpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const b = times.user + times.nice + times.sys + times.irq;
    busy += b;
    total += b + times.idle;
  }
  return { busy, total };
}

/**
 * The kernel's per-core counters (os.cpus()), read when asked (no timer). The share is taken over
 * at least `windowMs` of CPU time per core, so the questions of a burst see one steady value rather
 * than the noise of a few microseconds between two of them.
 */
export function osCpuGauge(
  windowMs = 100,
  read: () => CpuTimes = readCpuTimes,
  cores = Math.max(1, cpus().length),
): CpuGauge {
  let last = read();
  let fraction = 0;
  return {
    busyFraction() {
      const now = read();
      if (now.total - last.total < windowMs * cores) return fraction;
      fraction = busyBetween(last, now);
      last = now;
      return fraction;
    },
  };
}

/** A gauge that never reports the machine busy: the CPU plays no part. */
export const IDLE_CPU: CpuGauge = { busyFraction: () => 0 };

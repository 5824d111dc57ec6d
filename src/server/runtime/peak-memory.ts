import { monotonicNow } from '../../common/clock.js';
import type { EnvironmentCgroup } from './cgroup.js';
import type { MemoryReading } from './environment-types.js';
import { peakRssKb } from './runtime-process.js';

const MiB = 1024 * 1024;
/** The /proc fallback reads a status file per process of the tree: at most this often. */
const PROC_READ_EVERY_MS = 250;

/** Before any runtime process: nothing used. */
export const NO_PROCESS: MemoryReading = { mb: () => 0 };

/**
 * One runtime process's peak memory, one per process rather than per environment: a REPORT built
 * after the process was replaced (a crash, then a new cold start) still reads the one it ran in.
 * Peaks only rise, so reading later than the invocation's end errs high by at most what the next
 * invocation in the same process allocated meanwhile.
 */
export class PeakMemory implements MemoryReading {
  private peakMb = 0;
  private ended = false;
  private readAt = -Infinity;

  constructor(
    private readonly cgroup: EnvironmentCgroup | undefined,
    private readonly pid: number | undefined,
  ) {}

  mb(): number {
    if (!this.ended) this.read(false);
    return this.peakMb;
  }

  /** The process has exited: keeps its last figure, read before its cgroup is removed. */
  end(): void {
    if (this.ended) return;
    this.read(true);
    this.ended = true;
  }

  private read(final: boolean): void {
    if (this.cgroup) {
      // A read of an open file (cgroup.ts): a few microseconds, so every REPORT reads afresh.
      this.peakMb = Math.max(this.peakMb, Math.ceil(this.cgroup.maxUsageBytes() / MiB));
      return;
    }
    const now = monotonicNow();
    // Gone at exit already (its /proc entry with it): the last reading stands.
    if (final || this.pid === undefined || now - this.readAt < PROC_READ_EVERY_MS) return;
    this.readAt = now;
    this.peakMb = Math.max(this.peakMb, Math.ceil(peakRssKb(this.pid) / 1024));
  }
}

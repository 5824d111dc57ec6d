import { DatabaseUnavailableException } from '../../../common/errors.js';

import type { Clock } from '../../../common/clock.js';

interface Prober {
  /** Resolves when the database answers. */
  probe(): Promise<void>;
  wallClock: Pick<Clock, 'setTimer'>;
}

/** How often an unreachable database is tried again (wall ms). */
const PROBE_EVERY_MS = 250;

/**
 * Whether the database answers, as the last calls found it. Once a call finds it unreachable,
 * calls fail at once instead of each waiting out a connection or read timeout. Given a timer,
 * a probe tries the database every 250 ms and opens the way again when it answers; without one,
 * one call at a time is let through as the trial.
 */
export class Reachability {
  /** Why the database is taken to be unreachable, or undefined while it answers. */
  private down: string | undefined;
  private trial = false;
  private probing = false;
  private closed = false;
  /** Counts the times the way was opened again: a call's failure counts only in its own era. */
  private era = 0;
  /** Times the database was found unreachable after answering (tests, status). */
  outages = 0;

  constructor(
    private readonly isUnavailable: (error: unknown) => boolean,
    private readonly prober?: Prober,
  ) {}

  get reachable(): boolean {
    return this.down === undefined;
  }

  /** Runs `work` unless the database is known unreachable (and no trial is due). */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    const trying = this.down !== undefined;
    if (trying) {
      if (this.trial || this.probing) throw new DatabaseUnavailableException(this.down!);
      this.trial = true;
    }
    const era = this.era;
    try {
      const result = await work();
      this.open();
      return result;
    } catch (error) {
      // A refusal is an answer: only a lost connection counts, and only if no probe or call has
      // found the database answering since this call began (a statement sent during an outage
      // may time out just after it ended).
      if (!this.isUnavailable(error)) this.open();
      else if (era === this.era) this.markDown(error);
      throw error;
    } finally {
      if (trying) this.trial = false;
    }
  }

  private open(): void {
    if (this.down === undefined) return;
    this.down = undefined;
    this.era += 1;
  }

  private markDown(error: unknown): void {
    if (this.down === undefined) this.outages += 1;
    this.down = detail(error);
    if (this.prober && !this.probing) {
      this.probing = true;
      this.probeLater(this.prober);
    }
  }

  private probeLater(prober: Prober): void {
    prober.wallClock.setTimer(PROBE_EVERY_MS, () => {
      if (this.closed) return;
      prober.probe().then(
        () => {
          this.probing = false;
          this.open();
        },
        (error: unknown) => {
          this.down = detail(error);
          this.probeLater(prober);
        },
      );
    });
  }

  /** Stops probing (the connections are being closed). */
  close(): void {
    this.closed = true;
  }
}

function detail(error: unknown): string {
  if (error instanceof DatabaseUnavailableException) return error.detail;
  return error instanceof Error ? error.message : String(error);
}

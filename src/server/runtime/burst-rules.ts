/**
 * Whether an invocation that found no idle environment starts a new one now or waits briefly for
 * one to come free: the pure rule of the burst queue. Lambda never queues: every concurrent
 * request beyond the warm environments gets a new one ("Lambda concurrency", AWS Lambda Developer
 * Guide). On a small machine a burst then becomes a storm of cold starts, each taking CPU from
 * the rest, so gradual can wait up to `queueMs` when an environment of the same version is busy
 * (it will soon be free), start at most `maxConcurrentInits` environments at once, and, while the
 * machine's CPU is saturated, not start one beyond `maxBusyWhenSaturated` busy environments (a
 * process more only shares the same cores; the request waits for its version's next free one), for
 * at most `maxSaturatedWaitMs` in all: a machine kept saturated by other work, or a version whose
 * environments stay busy (long-running functions), then gets a start rather than an endless wait.
 * gradual's default waits (`--burst-queue-ms 100`); `queueMs: 0` is Lambda's behaviour: no wait and no cap.
 */
export interface BurstPolicy {
  /** How long an invocation may wait for a busy environment of its version; 0: never (Lambda). */
  queueMs: number;
  /** Environments initialising at once, machine-wide, beyond which starts wait (not with queueMs 0). */
  maxConcurrentInits: number;
  /**
   * Busy environments, machine-wide, beyond which a start waits while the CPU is saturated, for
   * as long as an environment of its version is busy (not with queueMs 0). Infinity: no CPU check.
   */
  maxBusyWhenSaturated: number;
  /** How long in all an invocation may wait on the CPU check before it starts one anyway; Infinity: no bound. */
  maxSaturatedWaitMs: number;
}

/** Lambda's behaviour: a new environment for every request that finds none idle. */
export const LAMBDA_STRICT: BurstPolicy = {
  queueMs: 0,
  maxConcurrentInits: Infinity,
  maxBusyWhenSaturated: Infinity,
  maxSaturatedWaitMs: Infinity,
};

/** The machine counts as saturated at this share of its CPU time busy (idle below 5 %). */
export const SATURATED = 0.95;

export interface BurstInput {
  policy: BurstPolicy;
  /** Environments of this version running an invocation (or initialising for one). */
  busyInVersion: number;
  /** Environments of every version running an invocation or initialising. */
  busy: number;
  /** On-demand initialisations in progress on the machine. */
  initialising: number;
  /**
   * Share of the machine's CPU time busy lately, 0 to 1 (every process, not only gradual's); read
   * only when the rest of the rule leaves the decision to it (a reading costs a system call or two).
   */
  cpuBusy: () => number;
  /** Whether this invocation has already waited `queueMs`. */
  waitedOut: boolean;
  /** How long this invocation has waited so far. */
  waitedMs: number;
}

/**
 * `wait-free`: for an environment of its version to come free (looking again after `queueMs`);
 * `wait-init`: for an initialisation to end.
 */
export type BurstDecision = { kind: 'start' } | { kind: 'wait-free' } | { kind: 'wait-init' };

export function decideBurst(i: BurstInput): BurstDecision {
  if (i.policy.queueMs <= 0) return { kind: 'start' };
  if (i.busyInVersion > 0) {
    if (!i.waitedOut) return { kind: 'wait-free' };
    if (
      i.busy >= i.policy.maxBusyWhenSaturated &&
      i.waitedMs < i.policy.maxSaturatedWaitMs &&
      i.cpuBusy() >= SATURATED
    )
      return { kind: 'wait-free' };
  }
  if (i.initialising >= i.policy.maxConcurrentInits) return { kind: 'wait-init' };
  return { kind: 'start' };
}

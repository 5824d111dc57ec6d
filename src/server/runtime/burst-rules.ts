/**
 * Whether an invocation that found no idle environment starts a new one now or waits briefly for
 * one to come free: the pure rule of the burst queue. Lambda never queues: every concurrent
 * request beyond the warm environments gets a new one ("Lambda concurrency", AWS Lambda Developer
 * Guide). On a small machine a burst then becomes a storm of cold starts, each taking CPU from
 * the rest, so gradual can wait up to `queueMs` when an environment of the same version is busy
 * (it will soon be free), and start at most `maxConcurrentInits` environments at once. `queueMs: 0`
 * (the default) is Lambda's behaviour: no wait and no cap.
 */
export interface BurstPolicy {
  /** How long an invocation may wait for a busy environment of its version; 0: never (Lambda). */
  queueMs: number;
  /** Environments initialising at once, machine-wide, beyond which starts wait (not with queueMs 0). */
  maxConcurrentInits: number;
}

/** Lambda's behaviour: a new environment for every request that finds none idle. */
export const LAMBDA_STRICT: BurstPolicy = { queueMs: 0, maxConcurrentInits: Infinity };

export interface BurstInput {
  policy: BurstPolicy;
  /** Environments of this version running an invocation (or initialising for one). */
  busyInVersion: number;
  /** On-demand initialisations in progress on the machine. */
  initialising: number;
  /** Whether this invocation has already waited `queueMs`. */
  waitedOut: boolean;
}

export type BurstDecision = { kind: 'start' } | { kind: 'wait' };

export function decideBurst(i: BurstInput): BurstDecision {
  if (i.policy.queueMs <= 0) return { kind: 'start' };
  if (!i.waitedOut && i.busyInVersion > 0) return { kind: 'wait' };
  if (i.initialising >= i.policy.maxConcurrentInits) return { kind: 'wait' };
  return { kind: 'start' };
}

/**
 * Whether an invocation may run, and where: the pool's decision, kept pure. Concurrency is what
 * Lambda counts, invocations in flight (not processes): a function with reserved concurrency R
 * runs at most R at once; the functions without one share what the account limit leaves after
 * every reservation. Within those limits a warm environment is used first, then a cold slot (a
 * stopped process whose /tmp survives), then a new environment, evicting the least recently used
 * idle environment of another version when the machine-wide process cap is reached.
 */
export const ThrottleReason = {
  Reserved: 'ReservedFunctionConcurrentInvocationLimitExceeded',
  Account: 'ConcurrentInvocationLimitExceeded',
} as const;
export type ThrottleReason = (typeof ThrottleReason)[keyof typeof ThrottleReason];

export interface AdmissionInput {
  /** Invocations of this function in flight, across all its versions. */
  functionBusy: number;
  /** The function's reserved concurrency, if set. */
  reserved: number | undefined;
  /** Invocations in flight of functions without reserved concurrency. */
  unreservedBusy: number;
  /** Sum of every function's reserved concurrency. */
  totalReserved: number;
  accountLimit: number;
  /** Environments of this version: idle (process running) and cold (slot without a process). */
  idle: number;
  cold: number;
  /** Environment slots on the machine, and how many there may be. */
  environments: number;
  maxEnvironments: number;
  /** Whether some other version has an idle environment that may be stopped. */
  evictable: boolean;
}

export type Admission =
  | { kind: 'throttle'; reason: ThrottleReason }
  | { kind: 'warm' }
  | { kind: 'restart-cold' }
  | { kind: 'start'; evict: boolean };

export function decideAdmission(a: AdmissionInput): Admission {
  if (a.reserved !== undefined) {
    if (a.functionBusy >= a.reserved) return { kind: 'throttle', reason: ThrottleReason.Reserved };
  } else if (a.unreservedBusy >= a.accountLimit - a.totalReserved) {
    return { kind: 'throttle', reason: ThrottleReason.Account };
  }
  return decidePlacement(a);
}

export type PlacementInput = Pick<
  AdmissionInput,
  'idle' | 'cold' | 'environments' | 'maxEnvironments' | 'evictable'
>;
export type Placement = Exclude<Admission, { kind: 'throttle' }>;

/** Where an admitted invocation runs (asked again after it waited in the burst queue). */
export function decidePlacement(a: PlacementInput): Placement {
  if (a.idle > 0) return { kind: 'warm' };
  if (a.cold > 0) return { kind: 'restart-cold' };
  return { kind: 'start', evict: a.environments >= a.maxEnvironments && a.evictable };
}

/** Environments idle for at least `idleMs` (and not kept warm on purpose) are stopped. */
export function isReapable(
  env: { status: string; lastUsedAt: number; pinned: boolean },
  now: number,
  idleMs: number,
): boolean {
  return !env.pinned && (env.status === 'idle' || env.status === 'cold') && now - env.lastUsedAt >= idleMs;
}

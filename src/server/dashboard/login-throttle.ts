import { isIPv6 } from 'node:net';
import type { Clock } from '../../common/clock.js';

export interface LoginThrottleOptions {
  /** Failed sign-ins a client may make within the window. */
  maxFailures: number;
  windowMs: number;
  /** Clients remembered at once; beyond, the one that failed least recently is forgotten. */
  maxClients: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  maxFailures: 20,
  windowMs: 60_000,
  maxClients: 10_000,
};

/**
 * Slows down guessing, per client: after `maxFailures` failed sign-ins within `windowMs` from one
 * address, that address is refused until its oldest failure leaves the window. Others, the owner
 * among them, are not held up by it. Generated secrets are far beyond guessing; this is for
 * secrets a user chose through the environment. Memory is bounded by `maxClients`.
 */
export class LoginThrottle {
  /** Failure times per client, in the order clients last failed (oldest first). */
  private readonly failures = new Map<string, number[]>();
  private readonly options: LoginThrottleOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<LoginThrottleOptions> = {},
  ) {
    this.options = { ...DEFAULT_LOGIN_THROTTLE, ...options };
  }

  /** Milliseconds `client` must wait before its next attempt is heard; 0 when it may try now. */
  retryAfterMs(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.options.maxFailures) return 0;
    return recent[recent.length - this.options.maxFailures]! + this.options.windowMs - this.clock.now();
  }

  recordFailure(client: string): void {
    const recent = [...this.recent(client), this.clock.now()].slice(-this.options.maxFailures);
    this.failures.delete(client);
    this.failures.set(client, recent);
    while (this.failures.size > this.options.maxClients) {
      const oldest = this.failures.keys().next();
      if (oldest.done) break;
      this.failures.delete(oldest.value);
    }
  }

  /** A successful sign-in starts the client afresh. */
  recordSuccess(client: string): void {
    this.failures.delete(client);
  }

  /** Clients remembered now (for tests of the bound). */
  get clients(): number {
    return this.failures.size;
  }

  private recent(client: string): number[] {
    const since = this.clock.now() - this.options.windowMs;
    const kept = (this.failures.get(client) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(client);
    else this.failures.set(client, kept);
    return kept;
  }
}

/**
 * The client a sign-in is counted against: its IPv4 address, or the /64 network of an IPv6 one
 * (one host usually holds a whole /64, so counting single addresses would let it rotate).
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, zero runs (`::`) written out. */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

import { createHash } from 'node:crypto';
import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/random.js';

/** A signed-in dashboard user, kept on the server; the browser holds only the id, in a cookie. */
export interface Session {
  /** The hash of the session id the store finds it by. */
  key: string;
  /** Who signed in: the access key id, or `anonymous` when authentication is off. */
  principal: string;
  /** Sent back by the page in a header on every change it asks for (CSRF). */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionOptions {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMs: number;
  /** Beyond this many, the least recently used session ends. */
  maxSessions: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  idleMs: 60 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  maxSessions: 1000,
};

/** Session ids and CSRF tokens: 256 bits each. */
const TOKEN_BYTES = 32;

/**
 * Dashboard sessions in memory (a restart signs everyone out). Sessions are found by a hash of
 * their id, so the map holds no usable cookie and lookups reveal nothing through timing.
 * Times come from a wall clock: a session lasts an hour of real time even at `--time-scale 60`.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  readonly options: SessionOptions;

  constructor(
    private readonly deps: { clock: Clock; random: Random },
    options: Partial<SessionOptions> = {},
  ) {
    this.options = { ...DEFAULT_SESSION_OPTIONS, ...options };
  }

  /** Starts a session; returns the id to put in the cookie (kept nowhere else). */
  create(principal: string): { id: string; session: Session } {
    const now = this.deps.clock.now();
    this.sweep(now);
    while (this.sessions.size >= this.options.maxSessions) this.evictLeastRecent();
    const id = this.deps.random.hex(TOKEN_BYTES);
    const session: Session = {
      key: digest(id),
      principal,
      csrfToken: this.deps.random.hex(TOKEN_BYTES),
      createdAt: now,
      lastSeenAt: now,
    };
    this.sessions.set(session.key, session);
    return { id, session };
  }

  /** The live session with this id (and marks it used), or undefined. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const key = digest(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    const now = this.deps.clock.now();
    if (this.expired(session, now)) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeenAt = now;
    // Map order is recency order: the first entry is the least recently used.
    this.sessions.delete(key);
    this.sessions.set(key, session);
    return session;
  }

  /** Whether the session is still live, without marking it used (for long-lived streams). */
  alive(session: Session): boolean {
    return this.sessions.get(session.key) === session && !this.expired(session, this.deps.clock.now());
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Seconds the cookie should live: until the session's absolute end. */
  cookieMaxAge(session: Session): number {
    return Math.max(
      0,
      Math.floor((session.createdAt + this.options.absoluteMs - this.deps.clock.now()) / 1000),
    );
  }

  private expired(session: Session, now: number): boolean {
    return (
      now - session.lastSeenAt >= this.options.idleMs || now - session.createdAt >= this.options.absoluteMs
    );
  }

  private sweep(now: number): void {
    for (const [key, session] of this.sessions) if (this.expired(session, now)) this.sessions.delete(key);
  }

  private evictLeastRecent(): void {
    const first = this.sessions.keys().next();
    if (!first.done) this.sessions.delete(first.value);
  }
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

import type { Clock } from '../../../common/clock.js';
import type { Log } from '../../../common/log.js';
import { every, type Leases } from '../../cluster/leases.js';
import type { PgDatabase } from './pg-database.js';

export interface PgLeaseOptions {
  /** How long a lease lasts unless renewed (wall ms). */
  ttlMs: number;
  /** This node stops acting on a lease this long before it would expire (clock drift, pauses). */
  marginMs: number;
}

export const DEFAULT_LEASE_OPTIONS: PgLeaseOptions = { ttlMs: 3000, marginMs: 750 };

/**
 * Leases as rows (`leases`): taken when free or expired (by the database's clock), renewed by their
 * holder every third of their life, and given up when the work is done. Each new holder gets a
 * higher token. This node counts a lease as held until `ttl - margin` after the renewal was sent,
 * so it stops acting before any other node can take the lease over.
 */
export class PgLeases implements Leases {
  /** resource -> wall time until which this node may act on it. */
  private readonly held = new Map<string, number>();
  private readonly lostListeners = new Set<(resource: string) => void>();
  private readonly stopRenewing: () => void;

  constructor(
    private readonly db: PgDatabase,
    private readonly owner: string,
    private readonly deps: { wallClock: Clock; log: Log },
    private readonly options: PgLeaseOptions = DEFAULT_LEASE_OPTIONS,
  ) {
    this.stopRenewing = every(deps.wallClock, Math.floor(options.ttlMs / 3), () => this.renew());
  }

  async acquire(resource: string): Promise<boolean> {
    const sent = this.deps.wallClock.now();
    let rows: { token: number }[];
    try {
      rows = await this.db.query<{ token: number }>(
        `INSERT INTO leases (resource, owner, token, expires_at)
         VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond')
         ON CONFLICT (resource) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
           token = leases.token + CASE WHEN leases.owner = excluded.owner THEN 0 ELSE 1 END
         WHERE leases.owner = excluded.owner OR leases.expires_at < now()
         RETURNING token`,
        [resource, this.owner, this.options.ttlMs],
      );
    } catch (error) {
      this.deps.log.warn('could not take a lease', { resource, error: String(error) });
      return this.holds(resource);
    }
    if (rows.length === 0) {
      this.lose(resource);
      return false;
    }
    this.held.set(resource, sent + this.options.ttlMs - this.options.marginMs);
    return true;
  }

  holds(resource: string): boolean {
    const until = this.held.get(resource);
    return until !== undefined && until > this.deps.wallClock.now();
  }

  async release(resource: string): Promise<void> {
    if (!this.held.delete(resource)) return;
    await this.db
      .query('DELETE FROM leases WHERE resource = $1 AND owner = $2', [resource, this.owner])
      .catch(() => undefined); // it expires anyway
  }

  onLost(listener: (resource: string) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Leases held now (tests, status). */
  get count(): number {
    return this.held.size;
  }

  /** Stops renewing and gives every lease up (a clean shutdown hands the work over at once). */
  async close(): Promise<void> {
    this.stopRenewing();
    const resources = [...this.held.keys()];
    this.held.clear();
    if (resources.length === 0) return;
    await this.db
      .query('DELETE FROM leases WHERE owner = $1 AND resource = ANY($2::text[])', [this.owner, resources])
      .catch(() => undefined);
  }

  private async renew(): Promise<void> {
    const resources = [...this.held.keys()];
    if (resources.length === 0) return;
    const sent = this.deps.wallClock.now();
    let kept: Set<string>;
    try {
      const rows = await this.db.query<{ resource: string }>(
        `UPDATE leases SET expires_at = now() + $3 * interval '1 millisecond'
         WHERE owner = $1 AND resource = ANY($2::text[]) AND expires_at > now()
         RETURNING resource`,
        [this.owner, resources, this.options.ttlMs],
      );
      kept = new Set(rows.map((r) => r.resource));
    } catch (error) {
      // Unreachable: the leases run out on their own (`holds` turns false) and are lost then.
      for (const resource of resources) if (!this.holds(resource)) this.lose(resource);
      this.deps.log.warn('could not renew leases', { error: String(error) });
      return;
    }
    for (const resource of resources) {
      if (kept.has(resource)) {
        if (this.held.has(resource))
          this.held.set(resource, sent + this.options.ttlMs - this.options.marginMs);
      } else {
        this.lose(resource);
      }
    }
  }

  private lose(resource: string): void {
    if (!this.held.delete(resource)) return;
    for (const listener of this.lostListeners) listener(resource);
  }
}

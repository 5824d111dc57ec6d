import type { Clock } from '../../../common/clock.js';
import type { Log } from '../../../common/log.js';
import { every } from '../../cluster/leases.js';
import type { NodeDirectory, NodeInfo } from '../../cluster/nodes.js';
import type { PgDatabase } from './pg-database.js';

/** What a node says about itself in each heartbeat. */
export interface NodeSelf {
  address: string;
  gatewayAddress: string;
  version: string;
  environments(): number;
}

/** A node whose heartbeat is older than this is shown as gone. */
const ALIVE_WITHIN_MS = 5000;
/** Nodes silent for longer are no longer listed. */
const FORGET_AFTER_HOURS = 24;

/** Node heartbeats in the `nodes` table: each node writes its own row every second. */
export class PgNodes implements NodeDirectory {
  private stop: (() => void) | undefined;

  constructor(
    private readonly db: PgDatabase,
    private readonly id: string,
    private readonly deps: { wallClock: Clock; log: Log },
  ) {}

  async start(self: NodeSelf, everyMs = 1000): Promise<void> {
    const beat = async (): Promise<void> => {
      const data = JSON.stringify({
        address: self.address,
        gatewayAddress: self.gatewayAddress,
        version: self.version,
        environments: self.environments(),
      });
      await this.db.query(
        `INSERT INTO nodes (id, started_at, heartbeat_at, data) VALUES ($1, now(), now(), $2)
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), data = excluded.data`,
        [this.id, data],
      );
    };
    await beat();
    this.stop = every(this.deps.wallClock, everyMs, () =>
      beat().catch((error: unknown) => this.deps.log.debug('heartbeat failed', { error: String(error) })),
    );
  }

  async list(): Promise<NodeInfo[]> {
    const rows = await this.db.query<{
      id: string;
      started: number;
      beat: number;
      age: number;
      data: string;
    }>(
      `SELECT id, (extract(epoch FROM started_at) * 1000)::bigint AS started,
              (extract(epoch FROM heartbeat_at) * 1000)::bigint AS beat,
              (extract(epoch FROM now() - heartbeat_at) * 1000)::bigint AS age, data
       FROM nodes WHERE heartbeat_at > now() - $1 * interval '1 hour' ORDER BY started_at, id`,
      [FORGET_AFTER_HOURS],
    );
    return rows.map((r) => {
      const data = JSON.parse(r.data) as {
        address: string;
        gatewayAddress: string;
        version: string;
        environments: number;
      };
      return {
        id: r.id,
        address: data.address,
        gatewayAddress: data.gatewayAddress,
        version: data.version,
        startedAt: r.started,
        lastHeartbeat: r.beat,
        heartbeatAgeMs: Math.max(0, r.age),
        environments: data.environments,
        alive: r.age < ALIVE_WITHIN_MS,
      };
    });
  }

  /** Stops beating and removes this node (a clean shutdown). */
  async close(): Promise<void> {
    this.stop?.();
    await this.db.query('DELETE FROM nodes WHERE id = $1', [this.id]).catch(() => undefined);
  }
}

import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { HttpApis } from '../apigateway/http/http-apis.js';
import type { RestApis } from '../apigateway/rest/rest-apis.js';
import type { LoadedCredentials } from '../auth/credentials.js';
import type { DeployEngine } from '../deployments/engine.js';
import type { Registry } from '../functions/registry.js';
import type { WarmKeeper } from '../invoke/warm-keeper.js';
import type { AlarmService } from '../metrics/alarms/alarm-service.js';
import type { MetricService } from '../metrics/metric-service.js';
import type { ExecutionEngine } from '../states/engine.js';
import type { PgCodeBlobs } from '../store/postgres/code-blobs.js';
import type { PgChangeFeed } from '../store/postgres/pg-change-feed.js';
import type { PgLeases } from '../store/postgres/pg-leases.js';
import type { PgNodes } from '../store/postgres/pg-nodes.js';
import type { PostgresStore } from '../store/postgres/postgres-store.js';

/** gradual on PostgreSQL: the store, and what lets several nodes share it. */
export interface Cluster {
  nodeId: string;
  store: PostgresStore;
  leases: PgLeases;
  feed: PgChangeFeed;
  nodes: PgNodes;
  blobs: PgCodeBlobs;
  /** S3 objects' bytes. */
  s3Blobs: PgCodeBlobs;
  /**
   * The API's credentials for every node: `GRADUAL_ACCESS_KEY_ID` / `GRADUAL_SECRET_ACCESS_KEY`
   * when set, else the pair the first node generated and kept in the database.
   */
  credentials(env?: NodeJS.ProcessEnv): Promise<LoadedCredentials>;
  /** Platform time under `--time-scale`: one timeline for every node. */
  timeline(scale: number, wall: Clock): Promise<Clock>;
  /** Routes the changes other nodes make to this node's caches and engines; returns the undo. */
  follow(followers: Followers): () => void;
  /** Stops following, gives leases up, leaves the node list, closes the connections. */
  close(): Promise<void>;
}

export interface ClusterOptions {
  databaseUrl: string;
  nodeId: string;
  wallClock: Clock;
  log: Log;
}

/** What follows the changes other nodes make. */
export interface Followers {
  registry: Registry;
  restApis: RestApis;
  httpApis: HttpApis;
  warmKeeper: WarmKeeper;
  alarms: AlarmService;
  metrics: MetricService;
  engine: DeployEngine;
  executions: ExecutionEngine;
}

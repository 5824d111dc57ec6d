import { scaledClock, type Clock } from '../../common/clock.js';
import { generateCredentials, type LoadedCredentials } from '../auth/credentials.js';
import { ALARM_TOPIC } from '../store/postgres/alarm-store.js';
import { PgCodeBlobs, S3_BLOBS } from '../store/postgres/code-blobs.js';
import { sharedSetting } from '../store/postgres/cluster-settings.js';
import { DEPLOYMENT_TOPIC } from '../store/postgres/deploy-store.js';
import { FUNCTION_TOPIC } from '../store/postgres/function-store.js';
import { FUNCTION_URL_TOPIC } from '../store/postgres/function-url-store.js';
import { HTTP_API_TOPIC } from '../store/postgres/http-api-store.js';
import { PgChangeFeed } from '../store/postgres/pg-change-feed.js';
import { PgLeases } from '../store/postgres/pg-leases.js';
import { PgNodes } from '../store/postgres/pg-nodes.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { PROVISIONED_TOPIC } from '../store/postgres/provisioned-store.js';
import { REST_API_TOPIC } from '../store/postgres/rest-api-store.js';
import { EXECUTION_TOPIC } from '../store/postgres/states-store.js';
import type { Cluster, ClusterOptions, Followers } from './cluster-model.js';

/** Loaded only by a server with `--database` (see cluster.ts). */
export async function openPgCluster(options: ClusterOptions): Promise<Cluster> {
  const { wallClock, log, nodeId } = options;
  const store = await openPostgresStore({ url: options.databaseUrl, origin: nodeId, wallClock });
  const leases = new PgLeases(store.db, nodeId, { wallClock, log });
  const feed = new PgChangeFeed(store.db, { wallClock, log });
  try {
    await feed.start();
  } catch (error) {
    await leases.close();
    await store.close();
    throw error;
  }
  const nodes = new PgNodes(store.db, nodeId, { wallClock, log });
  const cluster: Cluster = {
    nodeId,
    store,
    leases,
    feed,
    nodes,
    blobs: new PgCodeBlobs(store.db),
    s3Blobs: new PgCodeBlobs(store.db, S3_BLOBS),
    async close() {
      await nodes.close();
      await leases.close();
      await feed.close();
      await store.close();
    },
    credentials: (env) => clusterCredentials(cluster, env),
    timeline: (scale, wall) => clusterTimeline(cluster, scale, wall),
    follow: (followers) => followChanges(cluster, followers),
  };
  return cluster;
}

/**
 * The API's credentials for every node: `GRADUAL_ACCESS_KEY_ID` / `GRADUAL_SECRET_ACCESS_KEY`
 * when set, else the pair the first node generated and kept in the database.
 */
async function clusterCredentials(
  cluster: Cluster,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedCredentials> {
  const accessKeyId = env['GRADUAL_ACCESS_KEY_ID'];
  const secretAccessKey = env['GRADUAL_SECRET_ACCESS_KEY'];
  if (accessKeyId && secretAccessKey)
    return { credentials: { accessKeyId, secretAccessKey }, source: 'environment' };
  const credentials = await sharedSetting(cluster.store.db, 'credentials', generateCredentials);
  return { credentials, source: 'cluster' };
}

/**
 * Under `--time-scale`, one timeline for every node: platform time is the first node's start plus
 * the wall time since, scaled. Nodes started with another scale are refused.
 */
async function clusterTimeline(cluster: Cluster, scale: number, wall: Clock): Promise<Clock> {
  const timeline = await sharedSetting(cluster.store.db, 'timeline', () => ({
    scale,
    wall: wall.now(),
    platform: wall.now(),
  }));
  if (timeline.scale !== scale) {
    throw new Error(
      `this cluster runs at --time-scale ${timeline.scale}; start every node with the same scale (this one asked for ${scale})`,
    );
  }
  return scaledClock(scale, wall, timeline.platform + (wall.now() - timeline.wall) * scale);
}

/** Routes each topic of the change feed to the caches and engines that follow it. */
function followChanges(cluster: Cluster, f: Followers): () => void {
  const { feed } = cluster;
  const offs = [
    // A function's URLs and policies are held beside it: one reload covers them.
    feed.on(FUNCTION_TOPIC, (name) => f.registry.changedElsewhere(name)),
    feed.on(FUNCTION_URL_TOPIC, (name) => f.registry.changedElsewhere(name)),
    feed.on(`${FUNCTION_TOPIC}-policy`, (name) => f.registry.changedElsewhere(name)),
    feed.on(PROVISIONED_TOPIC, (name) => f.warmKeeper.changedElsewhere(name)),
    feed.on(REST_API_TOPIC, (id) => f.restApis.changedElsewhere(id)),
    feed.on(HTTP_API_TOPIC, (id) => f.httpApis.changedElsewhere(id)),
    feed.on(ALARM_TOPIC, (name) => f.alarms.refresh(name)),
    feed.on(DEPLOYMENT_TOPIC, (id) => f.engine.changedElsewhere(id)),
    feed.on(EXECUTION_TOPIC, () => f.executions.changedElsewhere()),
    feed.onReset(async () => {
      for (const fn of await cluster.store.functions.listConfigs({ limit: 100_000, allVersions: false })) {
        f.registry.changedElsewhere(fn.functionName);
      }
      for (const api of await cluster.store.restApis.list()) f.restApis.changedElsewhere(api.id);
      for (const api of await cluster.store.httpApis.list()) f.httpApis.changedElsewhere(api.apiId);
      await f.alarms.reload();
    }),
    // Metrics another node just wrote: alarms on them look again (the evaluating node judges).
    f.metrics.onFlushed((keys) => {
      const watched = [...keys].filter((key) => f.alarms.watching(key).size > 0);
      if (watched.length > 0) void cluster.feed.hint('metrics', watched).catch(() => undefined);
    }),
    feed.onHint('metrics', (keys) => f.metrics.dataElsewhere(new Set(keys))),
  ];
  return () => {
    for (const off of offs) off();
  };
}

import { getRequestListener } from '@hono/node-server';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { createApiApp, type Extension } from '../api/app.js';
import type { RpcEndpoint } from '../api/endpoint.js';
import { fastInvoke } from '../api/fast-invoke.js';
import { quickAnswers } from '../api/quick-answers.js';
import type { LambdaDeps } from '../api/lambda/operation.js';
import type { RequestHandler } from '../gateway/request-gate.js';
import type { MetricsSystem } from '../metrics/metrics-system.js';
import type { Access } from './access.js';
import type { Cluster } from './cluster.js';
import type { PlatformTime } from './platform-time.js';

/** gradual's API on one port: every AWS service's protocol, gradual's own routes, the dashboard. */
export function apiHandler(input: {
  host: string;
  lambda: LambdaDeps;
  endpoints: readonly RpcEndpoint[];
  extensions: readonly Extension[];
  access: Access;
  metrics: MetricsSystem;
  cluster: Cluster | undefined;
  time: PlatformTime;
  random: Random;
  log: Log;
}): RequestHandler {
  const { access, cluster, random, log } = input;
  const { wallClock } = input.time;
  const observeRequest = (service: string, status: number, seconds: number): void =>
    input.metrics.prometheus.observeRequest(service, status, seconds);
  const app = createApiApp({
    lambda: input.lambda,
    endpoints: input.endpoints,
    extensions: input.extensions,
    allowedHosts: access.allowedHosts,
    metricsPage: input.metrics.prometheus,
    observeRequest,
    secrets: access.secrets,
    authorizeSession: access.authorizeSession,
    ...(cluster ? { catchUp: () => cluster.feed.sync() } : {}),
    wallClock,
    signatureTimes: access.signatureTimes,
    random,
    log,
  });
  // Invoke, the hot path, is answered before the Hono adapter builds web Request objects.
  const invokeFast = fastInvoke({
    lambda: input.lambda,
    secrets: access.secrets,
    allowedHosts: access.allowedHosts,
    authorizeSession: access.authorizeSession,
    wallClock,
    signatureTimes: access.signatureTimes,
    random,
    log,
  });
  // The dashboard's files (found or not), likewise.
  const quick = quickAnswers({
    extensions: input.extensions,
    endpoints: input.endpoints,
    random,
    log,
    observeRequest,
  });
  // Node drains an unread request body (a 413 answered early) instead of the socket being
  // destroyed, so a client still writing gets the response rather than EPIPE.
  const honoListener = getRequestListener(app.fetch, { hostname: input.host, autoCleanupIncoming: false });
  return (req, res) => {
    if (!invokeFast(req, res) && !quick(req, res)) void honoListener(req, res);
  };
}

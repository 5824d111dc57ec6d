import { Hono, type Context } from 'hono';
import type { Credentials } from '../auth/credentials.js';
import { requestContinue, requestStop } from '../deployments/controls.js';
import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { DashboardAuth } from './auth.js';
import { deploymentPage, deploymentSeries } from './deployment-page.js';
import { BadRequestException, HostNotAllowedException, NotFoundException } from './errors.js';
import { hostAllowed } from '../auth/request-origin.js';
import { mountExecutions } from './execution-routes.js';
import { mountStacks } from './stack-routes.js';
import { SECURITY_HEADERS } from './guard.js';
import { LiveStreams } from './live.js';
import { overview } from './overview.js';
import { rollBackAlias } from './rollback.js';
import type { DashboardServices } from './services.js';
import type { LoginThrottleOptions } from './login-throttle.js';
import type { SessionOptions } from './sessions.js';
import { StaticFiles, staticDir, vendorFiles, type StaticFile } from './static-files.js';

export const UI_PREFIX = '/ui';

export interface DashboardDeps extends DashboardServices {
  /** Real time: sessions, refresh periods. */
  wallClock: Clock;
  /** Session ids and CSRF tokens; always a cryptographic source, whatever the platform's seams. */
  secureRandom: Random;
  /** The API's credentials; undefined when authentication is off. */
  credentials: Credentials | undefined;
  log: Log;
  /** Names besides IP addresses and localhost the open (--auth off) dashboard answers to. */
  allowedHosts: readonly string[];
}

export interface DashboardOptions {
  sessions?: Partial<SessionOptions>;
  /** Failed sign-ins allowed per client address and window (tests). */
  loginThrottle?: Partial<LoginThrottleOptions>;
  /** How often the overview re-reads metrics for observed splits (real ms). */
  overviewRefreshMs?: number;
  /** How often a deployment page's charts are refreshed (real ms). */
  seriesRefreshMs?: number;
}

/**
 * The dashboard: its own Hono app, every route under `/ui`, which the composition root mounts on
 * the API's port (wiring/dashboard-extension.ts). It reads the request body itself and checks
 * access itself (sessions, CSRF), so it needs nothing of the API's internals.
 */
export interface Dashboard {
  app: Hono;
  /**
   * A GET for one of the UI's files answered without Hono (scanners ask for many that are not
   * there), as the app's routes would answer it; undefined for every other request.
   */
  quickFile(request: {
    rawPath: string;
    headers: Readonly<Record<string, string | undefined>>;
  }):
    Promise<FileAnswer | { error: NotFoundException; headers: Readonly<Record<string, string>> }> | undefined;
  auth: DashboardAuth;
  /** Event streams open now (each holds engine and registry listeners). */
  openStreams(): number;
  /** Ends open event streams (before the server stops listening). */
  close(): void;
}

export interface FileAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | undefined;
}

const DEPLOYMENT_ID = /^d-[A-Z0-9]{9}$/;

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.length === 0) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestException('The request body is not valid JSON.');
  }
}

function deploymentId(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (!DEPLOYMENT_ID.test(id)) throw new NotFoundException(`The deployment ${id} could not be found.`);
  return id;
}

function stringField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > 256)
    throw new BadRequestException(`${name} must be a non-empty string.`);
  return value;
}

const NO_SUCH_FILE = 'The dashboard has no such file.';

/** A file's answer: 304 when the browser holds this version. */
function fileAnswer(file: StaticFile, ifNoneMatch: string | undefined): FileAnswer {
  if (ifNoneMatch === file.etag) return { status: 304, headers: { etag: file.etag }, body: undefined };
  return {
    status: 200,
    headers: { 'content-type': file.contentType, 'cache-control': 'no-cache', etag: file.etag },
    body: new Uint8Array(file.body),
  };
}

function sendFile(c: Context, file: StaticFile | undefined): Response {
  if (!file) throw new NotFoundException(NO_SUCH_FILE);
  const { headers, body } = fileAnswer(file, c.req.header('if-none-match'));
  return body ? c.body(body, 200, headers) : c.body(null, 304, headers);
}

/**
 * Paths of the UI's files as the app's router sees them too: no percent-escapes, dot segments or
 * empty segments, which it would decode or normalise first.
 */
const STATIC_PATH = new RegExp(`^${UI_PREFIX}/static/([\\w~-][\\w.~-]*(?:/[\\w~-][\\w.~-]*)*)$`);
const VENDOR_PATH = new RegExp(`^${UI_PREFIX}/vendor/([\\w~-][\\w.~-]*)$`);

/**
 * The web dashboard at `/ui`: a static page (plain ES modules, uPlot for charts) and its JSON and
 * server-sent event routes under `/ui/api/`, which read through the registry, the deployment
 * store and engine and the metrics service, and act through the same rules as the AWS APIs.
 */
export function dashboard(deps: DashboardDeps, options: DashboardOptions = {}): Dashboard {
  const auth = new DashboardAuth(deps, options.sessions, options.loginThrottle);
  const files = new StaticFiles(staticDir(), vendorFiles());
  const streams = new LiveStreams(deps);
  const overviewRefreshMs = options.overviewRefreshMs ?? 2000;
  const seriesRefreshMs = options.seriesRefreshMs ?? 1000;
  const P = UI_PREFIX;

  const app = new Hono();
  app.use(`${P}/*`, async (c, next) => {
    if (auth.mode === 'off' && !hostAllowed(c.req.header('host'), deps.allowedHosts)) {
      throw new HostNotAllowedException(
        `With authentication off the dashboard answers only requests addressed to an IP address or localhost, not ${c.req.header('host') ?? '(no Host)'} (this guards against DNS rebinding).`,
      );
    }
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
    if (c.req.path.startsWith(`${P}/api/`)) c.res.headers.set('cache-control', 'no-store');
  });

  const shell = (c: Context): Promise<Response> => files.file('index.html').then((f) => sendFile(c, f));
  app.get(P, shell);
  app.get(`${P}/deployments/:id`, shell);
  app.get(`${P}/executions`, shell);
  app.get(`${P}/executions/:arn`, shell);
  app.get(`${P}/stacks`, shell);
  app.get(`${P}/stacks/:stack`, shell);
  app.get(`${P}/static/*`, async (c) =>
    sendFile(c, await files.file(c.req.path.slice(`${P}/static/`.length))),
  );
  app.get(`${P}/vendor/:name`, async (c) => sendFile(c, await files.vendored(c.req.param('name'))));

  app.get(`${P}/api/session`, (c) => c.json(auth.info(c)));
  app.post(`${P}/api/login`, async (c) => c.json(auth.login(c, await jsonBody(c))));
  app.post(`${P}/api/logout`, (c) => {
    auth.logout(c);
    return c.json({ signedIn: false });
  });

  app.get(`${P}/api/overview`, async (c) => {
    auth.requireSession(c);
    return c.json(await overview(deps));
  });
  app.get(`${P}/api/overview/events`, (c) => {
    const session = auth.requireSession(c);
    return streams.respond(c, {
      initial: ['overview'],
      ticks: [{ kind: 'overview', everyMs: overviewRefreshMs }],
      subscribe(mark) {
        const offEngine = deps.engine.onChange(() => mark('overview'));
        const offRegistry = deps.registry.onChange(() => mark('overview'));
        return () => {
          offEngine();
          offRegistry();
        };
      },
      render: async () => JSON.stringify(await overview(deps)),
      alive: () => auth.sessions.alive(session),
    });
  });

  app.get(`${P}/api/deployments/:id`, async (c) => {
    auth.requireSession(c);
    return c.json(await deploymentPage(deps, deploymentId(c)));
  });
  app.get(`${P}/api/deployments/:id/series`, async (c) => {
    auth.requireSession(c);
    return c.json(await deploymentSeries(deps, deploymentId(c)));
  });
  app.get(`${P}/api/deployments/:id/events`, async (c) => {
    const session = auth.requireSession(c);
    const id = deploymentId(c);
    const first = await deploymentPage(deps, id);
    const related = new Set([id, first.rollback?.id, first.rollbackOf?.id]);
    return streams.respond(c, {
      initial: ['deployment', 'series'],
      ticks: [{ kind: 'series', everyMs: seriesRefreshMs }],
      subscribe(mark) {
        const offEngine = deps.engine.onChange((d) => {
          // A rollback spawned later is related too: it names this deployment.
          if (related.has(d.id) || d.rollbackInfo?.rollbackTriggeringDeploymentId === id) {
            related.add(d.id);
            mark('deployment');
            mark('series');
          }
        });
        const offAlarms = deps.alarms.onStateChange(() => mark('deployment'));
        return () => {
          offEngine();
          offAlarms();
        };
      },
      render: async (kind) =>
        JSON.stringify(
          kind === 'deployment' ? await deploymentPage(deps, id) : await deploymentSeries(deps, id),
        ),
      alive: () => auth.sessions.alive(session),
    });
  });

  mountExecutions(app, P, { services: deps, auth, streams });
  mountStacks(app, P, { services: deps, auth, streams, refreshMs: overviewRefreshMs });

  app.post(`${P}/api/deployments/:id/stop`, async (c) => {
    auth.requireChange(c);
    const body = (await jsonBody(c)) as { rollback?: unknown };
    if (typeof body.rollback !== 'boolean') throw new BadRequestException('rollback must be true or false.');
    const id = deploymentId(c);
    return c.json(await requestStop({ store: deps.deployStore, engine: deps.engine }, id, body.rollback));
  });
  app.post(`${P}/api/deployments/:id/continue`, async (c) => {
    auth.requireChange(c);
    const id = deploymentId(c);
    await requestContinue({ store: deps.deployStore, engine: deps.engine }, id);
    return c.json({ statusMessage: `Deployment ${id}: the current step's hold ends now.` });
  });
  app.post(`${P}/api/aliases/rollback`, async (c) => {
    auth.requireChange(c);
    const body = await jsonBody(c);
    const result = await rollBackAlias(deps, {
      functionName: stringField(body, 'functionName'),
      alias: stringField(body, 'alias'),
      toVersion: stringField(body, 'toVersion'),
      revisionId: stringField(body, 'revisionId'),
    });
    return c.json({ statusMessage: result.message, action: result.plan.action });
  });

  app.all(`${P}/*`, () => {
    throw new NotFoundException('The dashboard has nothing at this address.');
  });

  // One error for every miss: nothing of the request is kept.
  const miss = { error: new NotFoundException(NO_SUCH_FILE), headers: SECURITY_HEADERS };
  const withSecurityHeaders = (file: StaticFile | undefined, ifNoneMatch: string | undefined) => {
    if (!file) return miss;
    const answer = fileAnswer(file, ifNoneMatch);
    return { ...answer, headers: { ...SECURITY_HEADERS, ...answer.headers } };
  };

  return {
    app,
    quickFile({ rawPath, headers }) {
      // The app's middleware refuses it.
      if (auth.mode === 'off' && !hostAllowed(headers['host'], deps.allowedHosts)) return undefined;
      const path = STATIC_PATH.exec(rawPath)?.[1];
      const name = path === undefined ? VENDOR_PATH.exec(rawPath)?.[1] : undefined;
      const found =
        path !== undefined ? files.file(path) : name !== undefined ? files.vendored(name) : undefined;
      return found?.then((file) => withSecurityHeaders(file, headers['if-none-match']));
    },
    auth,
    openStreams: () => streams.open,
    close: () => streams.close(),
  };
}

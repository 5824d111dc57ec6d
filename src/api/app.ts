import type { HttpBindings } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Clock } from '../common/clock.js';
import { ServiceError, ServiceException, UnknownOperationException } from '../common/errors.js';
import type { Log } from '../common/log.js';
import type { Random } from '../common/random.js';
import { RequestEntityTooLargeException } from '../registry/errors.js';
import { verifySigV4, type SecretLookup } from './auth/sigv4.js';
import { CODE_URL_PATH } from './code-url.js';
import type { LambdaDeps } from './lambda/operation.js';
import { isLambdaPath, LAMBDA_OPERATIONS } from './lambda/routes.js';
import { restJson, restJsonError, type WireResponse } from './protocols/rest-json.js';

/** The largest request any operation accepts (CreateFunction with a 50 MB zip, base64 in JSON). */
export const MAX_REQUEST_BYTES = 70_167_211;

export interface ApiDeps {
  lambda: LambdaDeps;
  /** Secrets to verify SigV4 with, or undefined when authentication is off. */
  secrets: SecretLookup | undefined;
  /** Wall-clock time for signature expiry, even when the platform runs on a scaled clock. */
  wallClock: Clock;
  random: Random;
  log: Log;
}

type Env = { Bindings: HttpBindings; Variables: { requestId: string; body: Buffer } };

function send(c: Context<Env>, response: WireResponse): Response {
  const { body, status, headers } = response;
  if (body === undefined) return c.body(null, status as 200, headers);
  return c.body(typeof body === 'string' ? body : new Uint8Array(body), status as 200, headers);
}

/** The operation a too-large request was for, to name it as AWS does. */
function operationName(method: string, path: string): string {
  if (method === 'POST' && /^\/2015-03-31\/functions\/?$/.test(path)) return 'CreateFunction';
  if (method === 'PUT' && path.endsWith('/code')) return 'UpdateFunctionCode';
  return 'requested';
}

function splitUrl(raw: string): { rawPath: string; rawQuery: string } {
  const q = raw.indexOf('?');
  return q < 0 ? { rawPath: raw, rawQuery: '' } : { rawPath: raw.slice(0, q), rawQuery: raw.slice(q + 1) };
}

/**
 * One HTTP application for every AWS-compatible API of gradual (spec §0.1): Lambda by path
 * prefix; JSON and query protocols on `POST /` by `X-Amz-Target` or `Action`.
 */
export function createApiApp(deps: ApiDeps): Hono<Env> {
  const app = new Hono<Env>({ strict: false });

  app.onError((error, c) => {
    if (error instanceof ServiceError) return send(c, restJsonError(error));
    deps.log.error('request failed', { requestId: c.get('requestId'), error: error.stack ?? String(error) });
    return send(
      c,
      restJsonError(
        new ServiceException(
          `Internal error; the server log has the details (request ${c.get('requestId')}).`,
        ),
      ),
    );
  });

  app.notFound((c) => {
    const { rawPath } = splitUrl(c.env.incoming.url ?? '/');
    const where = isLambdaPath(rawPath) ? 'the Lambda API' : 'gradual';
    return send(
      c,
      restJsonError(
        new UnknownOperationException(`${where} has no operation for ${c.req.method} ${rawPath}`),
      ),
    );
  });

  app.use('*', async (c, next) => {
    c.set('requestId', deps.random.uuid());
    await next();
    c.header('x-amzn-RequestId', c.get('requestId'));
  });

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_REQUEST_BYTES,
      onError: (c) => {
        const { rawPath } = splitUrl(new URL(c.req.url).pathname);
        throw new RequestEntityTooLargeException(
          `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the ${operationName(c.req.method, rawPath)} operation`,
        );
      },
    }),
  );

  app.use('*', async (c, next) => {
    c.set('body', Buffer.from(await c.req.arrayBuffer()));
    const { rawPath, rawQuery } = splitUrl(c.env.incoming.url ?? '/');
    // Presigned code links carry their own signature.
    if (deps.secrets && !rawPath.startsWith(CODE_URL_PATH)) {
      const headers = c.env.incoming.headers as Record<string, string | undefined>;
      await verifySigV4(
        { method: c.req.method, rawPath, rawQuery, headers, body: c.get('body') },
        deps.secrets,
        deps.wallClock.now(),
      );
    }
    await next();
  });

  app.get(`${CODE_URL_PATH}:file`, async (c) => {
    const sha = (c.req.param('file') ?? '').replace(/\.zip$/, '');
    const now = deps.lambda.clock.now();
    if (
      !/^[0-9a-f]{64}$/.test(sha) ||
      !deps.lambda.codeUrls.verify(sha, c.req.query('expires') ?? null, c.req.query('signature') ?? null, now)
    ) {
      return c.text('This code link is invalid or has expired; call GetFunction again for a fresh one.', 403);
    }
    const zip = await deps.lambda.registry.readCode(sha);
    return c.body(new Uint8Array(zip), 200, { 'content-type': 'application/zip' });
  });

  for (const op of LAMBDA_OPERATIONS) {
    app.on(op.method, op.path, async (c) => {
      const response = await op.handle(
        {
          params: c.req.param(),
          query: new URL(c.req.url).searchParams,
          body: c.get('body'),
          header: (name) => c.req.header(name),
          baseUrl: `http://${c.req.header('host') ?? 'localhost'}`,
        },
        deps.lambda,
      );
      return send(c, restJson(response.status, response.body, response.headers));
    });
  }

  return app;
}

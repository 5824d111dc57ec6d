import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../common/clock.js';
import {
  DatabaseUnavailableException,
  InvalidSignatureException,
  ServiceError,
  ServiceException,
} from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { RequestEntityTooLargeException } from '../functions/errors.js';
import { MAX_REQUEST_BYTES } from './app.js';
import { verifySigV4, type Caller, type SecretLookup } from '../auth/sigv4.js';
import { authorizeIfSession, queryRecord, type AuthorizeSession } from './access.js';
import { invoke } from './lambda/invoke.js';
import { isOutOfSpace } from '../capacity/out-of-space.js';
import { outOfSpaceError } from './out-of-space.js';
import { unavailableError } from './unavailable.js';
import type { LambdaDeps } from './lambda/operation.js';
import { LAMBDA_SERVICE } from './lambda/routes.js';
import { prepared, runRest } from './rest-operation.js';
import { openAccessGuard } from './open-access.js';
import { restJsonError, type WireResponse } from './protocols/rest-json.js';

export interface FastInvokeDeps {
  lambda: LambdaDeps;
  secrets: SecretLookup | undefined;
  /** Names besides IP addresses and localhost requests may address when authentication is off. */
  allowedHosts: readonly string[];
  /** Authorizes invocations made with function credentials. */
  authorizeSession?: AuthorizeSession;
  wallClock: Clock;
  /** When signatures may be dated (see ApiDeps); the wall clock's time when undefined. */
  signatureTimes?: () => readonly number[];
  random: Random;
  log: Log;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/**
 * The hot path: Invoke answered straight from Node's request and response, skipping the web
 * Request/Response objects the Hono adapter builds for every request (they cost more than the
 * rest of an invocation's overhead). The same operation, SigV4 check and error writer as the
 * Hono app; every other request goes to the app. Returns false when the request is not Invoke.
 */
export function fastInvoke(deps: FastInvokeDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const refuseOpenAccess = openAccessGuard(deps.allowedHosts);
  const op = prepared(invoke);
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const match = INVOKE_PATH.exec(rawPath);
    if (!match) return false;
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const requestId = deps.random.uuid();
    readBody(req)
      .then(async (body) => {
        const headers = req.headers as Record<string, string | undefined>;
        if (!deps.secrets) refuseOpenAccess(headers);
        let caller: Caller | undefined;
        if (deps.secrets) {
          caller = await verifySigV4(
            { method: 'POST', rawPath, rawQuery, headers, body },
            deps.secrets,
            deps.signatureTimes?.() ?? deps.wallClock.now(),
          );
          if (caller.service !== 'lambda') {
            throw new InvalidSignatureException("Credential should be scoped to correct service: 'lambda'. ");
          }
          await authorizeIfSession(
            deps.authorizeSession,
            caller,
            () => ({
              service: 'lambda',
              operation: 'Invoke',
              params: { FunctionName: decodeURIComponent(match[1]!) },
              query: queryRecord(new URLSearchParams(rawQuery)),
              body: undefined,
            }),
            { sourceIp: req.socket.remoteAddress },
          );
        }
        const response = await runRest(
          LAMBDA_SERVICE,
          op,
          {
            params: { FunctionName: decodeURIComponent(match[1]!) },
            query: new URLSearchParams(rawQuery),
            header: (name) => headers[name.toLowerCase()],
            body,
            requestId,
            caller,
            baseUrl: `http://${headers['host'] ?? 'localhost'}`,
          },
          deps.lambda,
        );
        write(res, requestId, response);
      })
      .catch((error: unknown) => {
        if (res.destroyed) return; // the client went away: no one to tell
        let failure: ServiceError;
        if (error instanceof DatabaseUnavailableException) {
          failure = unavailableError('lambda', error);
        } else if (error instanceof ServiceError) {
          failure = error;
        } else if (isOutOfSpace(error)) {
          failure = outOfSpaceError('invoke', error);
        } else {
          deps.log.error('request failed', {
            requestId,
            error: error instanceof Error ? error.stack : String(error),
          });
          failure = new ServiceException(
            `Internal error; the server log has the details (request ${requestId}).`,
          );
        }
        const wire = restJsonError(failure);
        if (!res.headersSent) {
          const body = typeof wire.body === 'string' ? Buffer.from(wire.body) : Buffer.from(wire.body ?? '');
          res.writeHead(wire.status, {
            ...wire.headers,
            'content-length': body.length,
            'x-amzn-RequestId': requestId,
          });
          res.end(body);
        }
      });
    return true;
  };
}

function write(res: ServerResponse, requestId: string, response: WireResponse): void {
  const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  // The response's own header object (encodeRest made it for this response): added to, not copied.
  const headers: Record<string, string | number> = response.headers;
  headers['x-amzn-RequestId'] = requestId;
  headers['content-length'] = body?.length ?? 0;
  res.writeHead(response.status, headers);
  res.end(body);
}

/** Reads the request body; beyond the largest request any operation accepts, a 413. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) over = true;
      if (!over) chunks.push(chunk);
    });
    req.once('end', () =>
      over
        ? reject(
            new RequestEntityTooLargeException(
              `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the requested operation`,
            ),
          )
        : resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)),
    );
    req.once('error', reject);
    // A client gone before sending everything: nothing to answer.
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before the request ended'));
    });
  });
}

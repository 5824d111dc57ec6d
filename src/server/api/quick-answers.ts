import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceException, type ServiceError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { ApiDeps, Extension, QuickAnswer } from './app.js';
import type { RpcEndpoint } from './endpoint.js';
import { restJsonError, type WireResponse } from './protocols/rest-json.js';
import { credentialScopeService } from './unimplemented.js';

export interface QuickAnswersDeps {
  extensions: readonly Extension[];
  endpoints: readonly RpcEndpoint[];
  random: Random;
  log: Log;
  observeRequest?: ApiDeps['observeRequest'];
}

const NO_BODY = Buffer.alloc(0);
/** Host headers the app's adapter takes as they come (it answers some others 400 itself). */
const PLAIN_HOST = /^(?:[\w.-]+|\[[\da-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Unsigned GETs an extension can answer by itself (the dashboard's files, found or not), answered
 * from Node's request and response: the Hono adapter's web Request and Response objects cost
 * several times the rest of such a request, and scanners send many. Only requests the app would
 * route to that extension without checking a signature come here (no body, no credential scope,
 * no RPC endpoint claiming them, a Host its adapter takes); they get what the app would send, request id and request
 * metrics included. Returns false for every other request, which goes to the app.
 */
export function quickAnswers(deps: QuickAnswersDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  if (!deps.extensions.some((e) => e.quick && e.signingName === undefined)) return () => false;
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const extension = deps.extensions.find((e) => rawPath.startsWith(e.prefix));
    if (!extension?.quick || extension.signingName !== undefined) return false;
    const headers = req.headers as Record<string, string | undefined>;
    if (headers['host'] !== undefined && !PLAIN_HOST.test(headers['host'])) return false;
    // A body the app reads (and limits).
    const length = headers['content-length'];
    if ((length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined) return false;
    const request = {
      method: 'GET',
      rawPath,
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers,
      body: NO_BODY,
    };
    if (credentialScopeService(request) !== undefined || deps.endpoints.some((e) => e.matches(request)))
      return false;
    const answer = extension.quick(request);
    if (!answer) return false;
    const requestId = deps.random.uuid();
    const started = performance.now();
    const writeError = extension.writeError ?? restJsonError;
    answer
      .then(
        (a) => wire(a, writeError),
        (error: unknown) => {
          deps.log.error('request failed', {
            requestId,
            error: error instanceof Error ? (error.stack ?? String(error)) : String(error),
          });
          return writeError(
            new ServiceException(`Internal error; the server log has the details (request ${requestId}).`),
          );
        },
      )
      .then((response) => {
        deps.observeRequest?.('unsigned', response.status, (performance.now() - started) / 1000);
        if (res.destroyed) return; // the client went away: no one to tell
        const { body } = response;
        const out: Record<string, string | number> = { ...response.headers, 'x-amzn-RequestId': requestId };
        if (body !== undefined)
          out['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
        res.writeHead(response.status, out);
        res.end(body);
      })
      .catch((error: unknown) =>
        deps.log.error('writing a response failed', { requestId, error: String(error) }),
      );
    return true;
  };
}

function wire(answer: QuickAnswer, writeError: (error: ServiceError) => WireResponse): WireResponse {
  if (!('error' in answer)) return answer;
  const response = writeError(answer.error);
  return { ...response, headers: { ...response.headers, ...answer.headers } };
}

import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { buildZip } from '../../src/common/zip-writer.js';

export interface GatewayReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** Names and values as sent, in turn. */
  rawHeaders: string[];
  body: Buffer;
  text: string;
  json(): unknown;
}

/**
 * One HTTP request with node:http, to the gateway or any server (fetch cannot set Host, which
 * host-style function URLs need, nor send a GET a body): `host` overrides the Host header.
 */
export function gatewayRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
    host?: string;
    agent?: Agent;
  } = {},
): Promise<GatewayReply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: options.method ?? 'GET',
        headers: { ...(options.host ? { host: options.host } : {}), ...(options.headers ?? {}) },
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body,
            text,
            json: () => JSON.parse(text) as unknown,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The path-style URL of a function URL: `<gateway>/lambda-url/<id>`. */
export function pathStyle(gatewayUrl: string, functionUrl: string): string {
  const id = new URL(functionUrl).hostname.split('.')[0]!;
  return `${gatewayUrl}/lambda-url/${id}`;
}

/** A handler whose answer depends on the path: every shape of payload format 2.0 response. */
export const WEB_HANDLER = `
exports.handler = async (event, context) => {
  const q = event.queryStringParameters || {};
  switch (event.rawPath) {
    case '/echo':
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
    case '/bare':
      return { hello: 'world' };
    case '/string':
      return 'Hello, world!';
    case '/cookies':
      return { statusCode: 201, headers: { 'X-Custom': 'v', 'Content-Type': 'text/plain' }, cookies: ['a=1; Max-Age=60', 'b=2'], body: 'made' };
    case '/binary':
      return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true };
    case '/malformed':
      return { statusCode: 'teapot', body: 'x' };
    case '/throw':
      throw new Error('boom');
    case '/slow':
      await new Promise((r) => setTimeout(r, Number(q.ms || 200)));
      return { statusCode: 200, body: 'slow ' + context.functionVersion };
    default:
      return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'v=' + context.functionVersion };
  }
};
`;

/** The web handler's package; `variant` changes the code so that each publish makes a new version. */
export function webZip(variant = 0): Promise<Buffer> {
  return buildZip({ 'index.js': `${WEB_HANDLER}// variant ${variant}\n` });
}

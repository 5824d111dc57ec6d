import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { Registry } from '../../registry/registry.js';
import type { CodeUrlSigner } from '../code-url.js';

/** A Lambda REST-JSON request after routing: decoded path parameters, query and raw body. */
export interface LambdaRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: Buffer;
  header(name: string): string | undefined;
  /** `http://host:port` as the client addressed this server. */
  baseUrl: string;
}

export interface LambdaResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LambdaDeps {
  registry: Registry;
  codeUrls: CodeUrlSigner;
  clock: Clock;
  log: Log;
}

export interface Operation {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Route pattern with `:Param` placeholders named as in the AWS model. */
  path: string;
  handle(request: LambdaRequest, deps: LambdaDeps): Promise<LambdaResponse>;
}

export const noContent: LambdaResponse = { status: 204 };

import type { ServiceError } from '../../common/errors.js';
import type { Caller } from '../auth/sigv4.js';
import type { WireResponse } from './protocols/rest-json.js';

/** A request as every protocol sees it, body already read. */
export interface ApiRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** Lowercase names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
  requestId: string;
  /** Who signed it; undefined when authentication is off. */
  caller: Caller | undefined;
}

/**
 * An AWS service reached through `POST /` on the shared port: recognised by its `X-Amz-Target`
 * prefix or query `Action` (spec §0.1), signed with its own signing name, and answering, errors
 * included, in its own protocol.
 */
export interface RpcEndpoint {
  /** The service name in SigV4 credential scopes, e.g. `monitoring`, `codedeploy`. */
  signingName: string;
  /** Answers every method and path it matches (S3's REST API), not only `POST /`. */
  everyPath?: boolean;
  matches(request: Omit<ApiRequest, 'caller' | 'requestId'>): boolean;
  handle(request: ApiRequest): Promise<WireResponse>;
  writeError(error: ServiceError, request: Omit<ApiRequest, 'caller'>): WireResponse;
}

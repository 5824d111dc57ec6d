import type { ServiceError } from '../../common/errors.js';
import type { Caller } from '../auth/sigv4.js';
import type { OperationCall } from '../iam/authorization/index.js';
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
 * prefix or query `Action` (Smithy's AWS protocols), signed with its own signing name, and answering, errors
 * included, in its own protocol.
 */
export interface RpcEndpoint {
  /** The service name in SigV4 credential scopes, e.g. `monitoring`, `codedeploy`. */
  signingName: string;
  /** Answers every method and path it matches (S3's REST API), not only `POST /`. */
  everyPath?: boolean;
  matches(request: Omit<ApiRequest, 'caller' | 'requestId'>): boolean;
  /**
   * The operation a request asks for and its input, so the calls a function makes with its
   * credentials can be authorized; undefined when the request names none (handle then refuses it).
   */
  operation(request: Omit<ApiRequest, 'caller' | 'requestId'>): OperationCall | undefined;
  handle(request: ApiRequest): Promise<WireResponse>;
  writeError(error: ServiceError, request: Omit<ApiRequest, 'caller'>): WireResponse;
}

/** A JSON body as an object for naming what a request touches; {} when it is not one (handle then says why). */
export function bodyObject(body: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

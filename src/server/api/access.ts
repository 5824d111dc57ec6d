import type { Caller } from '../auth/sigv4.js';
import type { OperationCall } from '../iam/authorization/index.js';

/** What the server saw of a request beyond what it asks for. */
export interface RequestOrigin {
  sourceIp: string | undefined;
}

/**
 * Authorizes a request signed with a function's temporary credentials against the function's
 * execution role, throwing AccessDeniedException as AWS does; the owner's keys are never asked.
 */
export type AuthorizeSession = (caller: Caller, call: OperationCall, origin: RequestOrigin) => Promise<void>;

/** Asks `authorize` only for function sessions: the owner's keys keep full access. */
export async function authorizeIfSession(
  authorize: AuthorizeSession | undefined,
  caller: Caller | undefined,
  call: () => OperationCall | undefined,
  origin: RequestOrigin,
): Promise<void> {
  if (!authorize || !caller?.session) return;
  const named = call();
  // A request that names no operation is refused by its handler; nothing to authorize.
  if (named) await authorize(caller, named, origin);
}

/** Query parameters as the authorization map takes them. */
export function queryRecord(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries(query.entries());
}

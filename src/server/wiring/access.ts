import { hostname } from 'node:os';
import type { AuthorizeSession } from '../api/access.js';
import { secretLookup, type LoadedCredentials } from '../auth/credentials.js';
import type { SecretLookup } from '../auth/sigv4.js';
import type { Account } from '../functions/names.js';
import type { FunctionCredentialIssuer } from '../iam/function-credentials.js';
import type { IamService } from '../iam/iam-service.js';
import type { Store } from '../store/store.js';
import { functionAccess } from './function-access.js';
import type { PlatformTime } from './platform-time.js';
import type { ServerOptions } from './server-options.js';

/** Who may call: the API, the fast invoke path and the gateway check requests alike. */
export interface Access {
  /** Secrets to verify SigV4 with, or undefined when authentication is off. */
  secrets: SecretLookup | undefined;
  /** With authentication off: the names (besides IP addresses and localhost) requests may address. */
  allowedHosts: readonly string[];
  /** What functions may do with their credentials: their execution role's policies. */
  authorizeSession: AuthorizeSession;
  /** When signatures may be dated: by the wall clock or, under --time-scale, by the functions' clock. */
  signatureTimes: (() => readonly number[]) | undefined;
}

export function access(input: {
  options: ServerOptions;
  credentials: LoadedCredentials | undefined;
  functionKeys: FunctionCredentialIssuer;
  iam: IamService;
  store: Store;
  account: Account;
  time: PlatformTime;
}): Access {
  const { credentials, time } = input;
  const { wallClock, functionTime } = time;
  return {
    secrets: credentials ? secretLookup(credentials.credentials, input.functionKeys) : undefined,
    allowedHosts: [input.options.host, hostname()],
    authorizeSession: functionAccess({
      iam: input.iam,
      deployments: input.store.deploy,
      account: input.account,
      wallClock,
    }),
    signatureTimes: functionTime.scale === 1 ? undefined : () => [wallClock.now(), functionTime.clock.now()],
  };
}

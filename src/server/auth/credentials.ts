import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FunctionCredentialIssuer } from '../iam/function-credentials.js';
import type { SecretLookup } from './sigv4.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present on temporary credentials; the request must carry it as `x-amz-security-token`. */
  sessionToken?: string;
}

export interface LoadedCredentials {
  credentials: Credentials;
  /** Where they came from: the environment, a file created just now, or one from an earlier start. */
  source: 'environment' | 'generated' | 'file' | 'cluster';
  file?: string;
}

const FILE = 'credentials.json';

/** A new random key pair in AWS's shape. */
export function generateCredentials(): Credentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = [...randomBytes(16)].map((b) => alphabet[b % 32]).join('');
  return { accessKeyId: `GRAD${id}`, secretAccessKey: randomBytes(30).toString('base64') };
}

/**
 * The API's credentials: `GRADUAL_ACCESS_KEY_ID` / `GRADUAL_SECRET_ACCESS_KEY` when set, otherwise
 * a pair generated on first start and kept in the data dir, readable by its owner only.
 */
export function loadCredentials(dataDir: string, env: NodeJS.ProcessEnv = process.env): LoadedCredentials {
  const accessKeyId = env['GRADUAL_ACCESS_KEY_ID'];
  const secretAccessKey = env['GRADUAL_SECRET_ACCESS_KEY'];
  if (accessKeyId && secretAccessKey)
    return { credentials: { accessKeyId, secretAccessKey }, source: 'environment' };
  if (accessKeyId || secretAccessKey) {
    throw new Error('set both GRADUAL_ACCESS_KEY_ID and GRADUAL_SECRET_ACCESS_KEY, or neither');
  }
  const file = join(dataDir, FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Credentials;
    return { credentials: stored, source: 'file', file };
  }
  mkdirSync(dataDir, { recursive: true });
  const credentials = generateCredentials();
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return { credentials, source: 'generated', file };
}

/** A new issuer of function credentials, with a key of its own for this server run. */
export function functionCredentialIssuer(): FunctionCredentialIssuer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return new FunctionCredentialIssuer(randomBytes(32), () =>
    [...randomBytes(16)].map((b) => alphabet[b % 32]).join(''),
  );
}

/**
 * Verifies the keys a request is signed with: the owner's long-term keys, or a function's
 * temporary ones, which also say whose session they are.
 */
export function secretLookup(owner: Credentials, functions?: FunctionCredentialIssuer): SecretLookup {
  return {
    secretFor(id, sessionToken) {
      if (id === owner.accessKeyId) {
        // Temporary credentials count only with their own session token.
        if (owner.sessionToken !== undefined && owner.sessionToken !== sessionToken) return undefined;
        return owner.secretAccessKey;
      }
      return functions?.resolve(id, sessionToken)?.secretAccessKey;
    },
    sessionFor: (id, sessionToken) => functions?.resolve(id, sessionToken)?.identity,
  };
}

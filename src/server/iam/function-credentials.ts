import { createHmac, timingSafeEqual } from 'node:crypto';

/** Temporary credentials, as the AWS SDKs read them from a function's environment. */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * Whom temporary credentials speak for: a role's session. A function's (Lambda assumed its
 * execution role for it), or CloudFormation's (it assumed a stack's service role).
 */
export interface SessionIdentity {
  roleArn: string;
  /** The function whose environment holds them; absent for a service's session. */
  functionArn?: string;
  /** The session's name when it is not the function's (CloudFormation's is `AWSCloudFormation`). */
  sessionName?: string;
}

const PREFIX = 'GRD1';

function mac(key: Buffer, purpose: string, ...parts: string[]): Buffer {
  return createHmac('sha256', key)
    .update([purpose, ...parts].join('\n'))
    .digest();
}

/**
 * Issues each function environment its own temporary credentials, as Lambda hands an
 * environment its execution role's session, and recognises them again. Nothing is remembered:
 * the session token carries the identity, sealed with the server's key, and the secret key is
 * derived from the key id and that identity, so a forged or altered token has no valid secret.
 * A new key at each start retires every earlier session, as the environments holding them die
 * with the server.
 */
export class FunctionCredentialIssuer {
  constructor(
    private readonly key: Buffer,
    /** A fresh access key id suffix: 16 characters of [A-Z2-7]. */
    private readonly newKeyId: () => string,
  ) {}

  issue(identity: SessionIdentity): SessionCredentials {
    const accessKeyId = `ASIA${this.newKeyId()}`;
    const claims = { f: identity.functionArn, r: identity.roleArn, s: identity.sessionName };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const seal = mac(this.key, 'token', accessKeyId, payload).toString('base64url');
    return {
      accessKeyId,
      secretAccessKey: mac(this.key, 'secret', accessKeyId, payload).toString('base64').slice(0, 40),
      sessionToken: `${PREFIX}.${payload}.${seal}`,
    };
  }

  /** The secret and identity of credentials this issuer gave out, or undefined for any others. */
  resolve(
    accessKeyId: string,
    sessionToken: string | undefined,
  ): { secretAccessKey: string; identity: SessionIdentity } | undefined {
    if (!accessKeyId.startsWith('ASIA') || !sessionToken) return undefined;
    const [prefix, payload, seal, extra] = sessionToken.split('.');
    if (prefix !== PREFIX || !payload || !seal || extra !== undefined) return undefined;
    const expected = mac(this.key, 'token', accessKeyId, payload);
    const given = Buffer.from(seal, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      f?: string;
      r: string;
      s?: string;
    };
    return {
      secretAccessKey: mac(this.key, 'secret', accessKeyId, payload).toString('base64').slice(0, 40),
      identity: {
        roleArn: claims.r,
        ...(claims.f !== undefined ? { functionArn: claims.f } : {}),
        ...(claims.s !== undefined ? { sessionName: claims.s } : {}),
      },
    };
  }
}

import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Credentials } from '../auth/credentials.js';
import type { Clock } from '../../common/clock.js';
import type { Random } from '../../common/random.js';
import {
  BadRequestException,
  CrossSiteRequestException,
  InvalidCsrfTokenException,
  NotSignedInException,
  TooManySignInAttemptsException,
} from './errors.js';
import {
  clearedSessionCookie,
  cookieValue,
  credentialsMatch,
  csrfTokenValid,
  SESSION_COOKIE,
  sessionCookie,
} from './guard.js';
import { crossSiteProblem } from '../auth/request-origin.js';
import { clientKey, LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { SessionStore, type Session, type SessionOptions } from './sessions.js';

/** The longest access key id or secret a sign-in may send. */
const MAX_FIELD = 512;

/** What the page learns about its session: whether it has one, and the token its changes carry. */
export interface SessionInfo {
  auth: 'on' | 'off';
  signedIn: boolean;
  principal?: string;
  csrfToken?: string;
}

/**
 * The dashboard's sign-in: the API's own credentials, checked in constant time, trade for a
 * server-side session whose id lives in an HttpOnly, SameSite=Strict cookie. Every change must
 * also come from this origin and carry the session's CSRF token. With authentication off the page
 * gets an anonymous session on first visit, so changes are still CSRF-checked.
 */
export class DashboardAuth {
  readonly sessions: SessionStore;
  private readonly throttle: LoginThrottle;
  private readonly credentials: Credentials | undefined;

  constructor(
    deps: { wallClock: Clock; secureRandom: Random; credentials: Credentials | undefined },
    options: Partial<SessionOptions> = {},
    throttle: Partial<LoginThrottleOptions> = {},
  ) {
    this.credentials = deps.credentials;
    this.sessions = new SessionStore({ clock: deps.wallClock, random: deps.secureRandom }, options);
    this.throttle = new LoginThrottle(deps.wallClock, throttle);
  }

  get mode(): 'on' | 'off' {
    return this.credentials ? 'on' : 'off';
  }

  /** The request's session, if its cookie names a live one. */
  sessionOf(c: Context): Session | undefined {
    return this.sessions.get(cookieValue(c.req.header('cookie'), SESSION_COOKIE));
  }

  /** For reads: a live session, from a request no other site made. */
  requireSession(c: Context): Session {
    this.refuseCrossSite(c);
    const session = this.sessionOf(c);
    if (!session) throw new NotSignedInException('Sign in to the dashboard first.');
    return session;
  }

  /** For changes: a live session, this origin, a JSON body, and the session's CSRF token. */
  requireChange(c: Context): Session {
    const session = this.requireSession(c);
    requireJson(c);
    if (!csrfTokenValid(c.req.header('x-csrf-token'), session.csrfToken)) {
      throw new InvalidCsrfTokenException(
        'This change is missing the dashboard CSRF token (X-CSRF-Token); reload the page and retry.',
      );
    }
    return session;
  }

  /** `GET /ui/api/session`; with authentication off, starts an anonymous session. */
  info(c: Context): SessionInfo {
    this.refuseCrossSite(c);
    let session = this.sessionOf(c);
    if (!session && this.mode === 'off') session = this.start(c, 'anonymous');
    if (!session) return { auth: this.mode, signedIn: false };
    return { auth: this.mode, signedIn: true, principal: session.principal, csrfToken: session.csrfToken };
  }

  /** `POST /ui/api/login` with `{accessKeyId, secretAccessKey}`. */
  login(c: Context, body: unknown): SessionInfo {
    this.refuseCrossSite(c);
    requireJson(c);
    if (!this.credentials)
      throw new BadRequestException('Authentication is off: there is nothing to sign in to.');
    const client = clientKey(clientAddress(c));
    const wait = this.throttle.retryAfterMs(client);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      c.header('retry-after', String(seconds));
      throw new TooManySignInAttemptsException(
        `Too many failed sign-ins from your address; try again in ${seconds} s.`,
      );
    }
    const given = body as { accessKeyId?: unknown; secretAccessKey?: unknown } | null;
    const accessKeyId = typeof given?.accessKeyId === 'string' ? given.accessKeyId : '';
    const secretAccessKey = typeof given?.secretAccessKey === 'string' ? given.secretAccessKey : '';
    if (
      !accessKeyId ||
      !secretAccessKey ||
      accessKeyId.length > MAX_FIELD ||
      secretAccessKey.length > MAX_FIELD
    )
      throw new BadRequestException('Give the access key id and the secret access key.');
    if (!credentialsMatch({ accessKeyId, secretAccessKey }, this.credentials)) {
      this.throttle.recordFailure(client);
      throw new NotSignedInException('The access key id or the secret access key is not right.');
    }
    this.throttle.recordSuccess(client);
    // A fresh id at sign-in: a session id planted before it is worth nothing after.
    this.sessions.delete(cookieValue(c.req.header('cookie'), SESSION_COOKIE));
    const session = this.start(c, accessKeyId);
    return { auth: 'on', signedIn: true, principal: session.principal, csrfToken: session.csrfToken };
  }

  /** `POST /ui/api/logout`. */
  logout(c: Context): void {
    this.requireChange(c);
    this.sessions.delete(cookieValue(c.req.header('cookie'), SESSION_COOKIE));
    c.header('set-cookie', clearedSessionCookie());
  }

  private start(c: Context, principal: string): Session {
    const { id, session } = this.sessions.create(principal);
    const secure = new URL(c.req.url).protocol === 'https:';
    c.header('set-cookie', sessionCookie(id, this.sessions.cookieMaxAge(session), secure));
    return session;
  }

  private refuseCrossSite(c: Context): void {
    const problem = crossSiteProblem({
      host: c.req.header('host'),
      origin: c.req.header('origin'),
      fetchSite: c.req.header('sec-fetch-site'),
    });
    if (problem) throw new CrossSiteRequestException(`Refused: ${problem}.`);
  }
}

/** The address the request came from (the socket's peer: a proxy's forwarding headers are not trusted). */
function clientAddress(c: Context): string | undefined {
  return (c.env as HttpBindings | undefined)?.incoming?.socket.remoteAddress;
}

/** A cross-site form can post only form encodings and text/plain; JSON needs a same-origin script. */
function requireJson(c: Context): void {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new BadRequestException('Send changes as JSON (Content-Type: application/json).');
}

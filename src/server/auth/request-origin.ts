import { isIP } from 'node:net';

/**
 * Where a request comes from, as a browser tells it: the checks that stand in for a signature
 * when authentication is off (`--auth off`), and that the dashboard makes on every request.
 */
export interface RequestOrigin {
  host: string | undefined;
  origin: string | undefined;
  /** `Sec-Fetch-Site`, sent by current browsers. */
  fetchSite: string | undefined;
}

/**
 * Refuses requests another site made a browser send: an `Origin` that is not this very host, or
 * a `Sec-Fetch-Site` that says cross-site or same-site. Returns why, or undefined when fine.
 * Requests without either header (curl, scripts, the AWS CLI and SDKs) carry no ambient browser
 * credentials and pass.
 */
export function crossSiteProblem(req: RequestOrigin): string | undefined {
  if (req.fetchSite !== undefined && req.fetchSite !== 'same-origin' && req.fetchSite !== 'none') {
    return `the request came from another site (Sec-Fetch-Site: ${req.fetchSite})`;
  }
  if (req.origin !== undefined) {
    let originHost: string | undefined;
    try {
      originHost = new URL(req.origin).host;
    } catch {
      originHost = undefined;
    }
    if (!originHost || !req.host || originHost.toLowerCase() !== req.host.toLowerCase()) {
      return `the request came from ${req.origin}, not from this server (${req.host ?? 'no Host'})`;
    }
  }
  return undefined;
}

/**
 * Against DNS rebinding (a site whose name suddenly resolves to this machine): a request must be
 * addressed to an IP address, `localhost` (or a name under it), or a name given in `extraHosts`
 * (the listen host, this machine's name). A rebound name is none of these.
 */
export function hostAllowed(host: string | undefined, extraHosts: readonly string[]): boolean {
  if (!host) return false;
  const name = hostName(host).toLowerCase();
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return extraHosts.some((h) => h.toLowerCase() === name);
}

/** The name part of a Host header: `[::1]:9000` -> `::1`, `example:80` -> `example`. */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

export type OpenAccessRefusal =
  { kind: 'foreign-host'; host: string | undefined } | { kind: 'cross-site'; problem: string };

/**
 * Whether a request may drive gradual while authentication is off: addressed to this server and
 * not sent by a browser for another site. Undefined when it may.
 */
export function openAccessRefusal(
  req: RequestOrigin,
  allowedHosts: readonly string[],
): OpenAccessRefusal | undefined {
  if (!hostAllowed(req.host, allowedHosts)) return { kind: 'foreign-host', host: req.host };
  const problem = crossSiteProblem(req);
  return problem === undefined ? undefined : { kind: 'cross-site', problem };
}

/** What the refused caller reads: what happened, why, and what to do instead. */
export function openAccessMessage(refusal: OpenAccessRefusal): string {
  switch (refusal.kind) {
    case 'foreign-host':
      return `gradual runs with authentication off, so it answers only requests addressed to this server (an IP address, localhost or its own name), not to ${refusal.host ?? '(no Host header)'}: a web page could otherwise reach it by DNS rebinding. Call it by its address (for example http://127.0.0.1:9000), or start it with --auth on.`;
    case 'cross-site':
      return `gradual runs with authentication off, so it refuses what a browser sends for another site (${refusal.problem}): a web page must not be able to drive it. Call it from the AWS CLI, an SDK or the dashboard, or start it with --auth on and sign your requests.`;
  }
}

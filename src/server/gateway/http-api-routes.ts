/**
 * HTTP API route selection, as API Gateway does it: the route whose path matches most
 * specifically (segment by segment, a literal beats `{param}`, which beats `{proxy+}`), a route
 * for the request's method before an `ANY` one on the same path, and `$default` when nothing
 * else matches. Pure: routes and a decoded path in, the chosen route out.
 */

export interface RouteKeyed {
  routeKey: string;
}

export interface HttpRouteMatch<R extends RouteKeyed> {
  route: R;
  /** undefined when the route has no variables (the 2.0 event then has no `pathParameters`). */
  pathParameters: Record<string, string> | undefined;
}

type Part =
  { kind: 'literal'; text: string } | { kind: 'variable'; name: string } | { kind: 'greedy'; name: string };

/** A route key's method and path parts; undefined for `$default`. */
function parseKey(routeKey: string): { method: string; parts: Part[] } | undefined {
  const space = routeKey.indexOf(' ');
  if (routeKey === '$default' || space < 0) return undefined;
  const path = routeKey.slice(space + 1);
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p): Part => {
      const v = /^\{(.+?)(\+)?\}$/.exec(p);
      if (!v) return { kind: 'literal', text: p };
      return v[2] ? { kind: 'greedy', name: v[1]! } : { kind: 'variable', name: v[1]! };
    });
  return { method: routeKey.slice(0, space), parts };
}

/** Per segment, how specifically a route matched: 2 literal, 1 variable, 0 greedy (then stops). */
function matchParts(
  parts: readonly Part[],
  segments: readonly string[],
): { score: number[]; params: Record<string, string> } | undefined {
  const score: number[] = [];
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind === 'greedy') {
      if (i >= segments.length) return undefined; // `{proxy+}` takes at least one segment
      params[part.name] = segments.slice(i).join('/');
      score.push(0);
      return { score, params };
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.kind === 'literal') {
      if (part.text !== segment) return undefined;
      score.push(2);
    } else {
      params[part.name] = segment;
      score.push(1);
    }
  }
  return parts.length === segments.length ? { score, params } : undefined;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    // A route that goes on (a longer literal/variable path) is more specific than one ending in greedy.
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

/** The route for `method` and the decoded path `segments`; undefined when none (404). */
export function selectRoute<R extends RouteKeyed>(
  routes: readonly R[],
  method: string,
  segments: readonly string[],
): HttpRouteMatch<R> | undefined {
  let best: { route: R; score: number[]; exactMethod: boolean; params: Record<string, string> } | undefined;
  for (const route of routes) {
    const key = parseKey(route.routeKey);
    if (!key || (key.method !== method && key.method !== 'ANY')) continue;
    const m = matchParts(key.parts, segments);
    if (!m) continue;
    const exactMethod = key.method === method;
    const order = best ? compareScores(m.score, best.score) : 1;
    if (order > 0 || (order === 0 && exactMethod && !best!.exactMethod)) {
      best = { route, score: m.score, exactMethod, params: m.params };
    }
  }
  if (best) {
    const pathParameters = Object.keys(best.params).length > 0 ? best.params : undefined;
    return { route: best.route, pathParameters };
  }
  const fallback = routes.find((r) => r.routeKey === '$default');
  return fallback ? { route: fallback, pathParameters: undefined } : undefined;
}

import type { MethodRecord, ResourceRecord } from '../apigateway/rest/model.js';
import { pathPartKind, variableName } from '../apigateway/rest/resource-rules.js';

/**
 * A deployment's resources as a tree to match request paths against, the way API Gateway does:
 * at each level a literal part beats `{param}`, which beats `{proxy+}` (which takes the rest of
 * the path, at least one segment); a resource's `ANY` method answers methods it lacks.
 */
export interface RouteNode {
  resource: ResourceRecord;
  literals: Map<string, RouteNode>;
  variable: { name: string; node: RouteNode } | undefined;
  greedy: { name: string; node: RouteNode } | undefined;
}

export interface RouteMatch {
  resource: ResourceRecord;
  method: MethodRecord;
  /** undefined when the resource has no variables, as the event's `pathParameters: null`. */
  pathParameters: Record<string, string> | undefined;
}

/** Builds the tree from a deployment's snapshot; undefined when it has no root. */
export function compileRoutes(resources: readonly ResourceRecord[]): RouteNode | undefined {
  const nodes = new Map<string, RouteNode>();
  for (const resource of resources) {
    nodes.set(resource.id, { resource, literals: new Map(), variable: undefined, greedy: undefined });
  }
  let root: RouteNode | undefined;
  for (const node of nodes.values()) {
    const { parentId, pathPart } = node.resource;
    const parent = parentId === undefined ? undefined : nodes.get(parentId);
    if (!parent || pathPart === undefined) {
      if (node.resource.path === '/') root = node;
      continue;
    }
    const kind = pathPartKind(pathPart);
    if (kind === 'literal') parent.literals.set(pathPart, node);
    else if (kind === 'variable') parent.variable = { name: variableName(pathPart), node };
    else parent.greedy = { name: variableName(pathPart), node };
  }
  return root;
}

function methodOf(resource: ResourceRecord, httpMethod: string): MethodRecord | undefined {
  return resource.methods[httpMethod] ?? resource.methods['ANY'];
}

/**
 * The most specific resource whose path matches `segments` (already percent-decoded) and that
 * has `httpMethod` (or ANY); undefined when none does.
 */
export function matchRoute(
  root: RouteNode,
  segments: readonly string[],
  httpMethod: string,
): RouteMatch | undefined {
  const params: Record<string, string> = {};
  const found = walk(root, segments, 0, httpMethod, params);
  if (!found) return undefined;
  return {
    resource: found.resource,
    method: found.method,
    pathParameters: Object.keys(params).length > 0 ? params : undefined,
  };
}

function walk(
  node: RouteNode,
  segments: readonly string[],
  index: number,
  httpMethod: string,
  params: Record<string, string>,
): { resource: ResourceRecord; method: MethodRecord } | undefined {
  if (index === segments.length) {
    const method = methodOf(node.resource, httpMethod);
    return method ? { resource: node.resource, method } : undefined;
  }
  const segment = segments[index]!;
  const literal = node.literals.get(segment);
  if (literal) {
    const found = walk(literal, segments, index + 1, httpMethod, params);
    if (found) return found;
  }
  if (node.variable) {
    params[node.variable.name] = segment;
    const found = walk(node.variable.node, segments, index + 1, httpMethod, params);
    if (found) return found;
    delete params[node.variable.name];
  }
  if (node.greedy) {
    const method = methodOf(node.greedy.node.resource, httpMethod);
    if (method) {
      params[node.greedy.name] = segments.slice(index).join('/');
      return { resource: node.greedy.node.resource, method };
    }
  }
  return undefined;
}

/** A path after the stage (`/a/b%20c/`) as decoded segments (`['a', 'b c']`); `/` is `[]`. */
export function pathSegments(path: string): string[] | undefined {
  const parts = path.split('/').filter((p, i, all) => p !== '' || (i > 0 && i < all.length - 1));
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined; // malformed percent-encoding
  }
}

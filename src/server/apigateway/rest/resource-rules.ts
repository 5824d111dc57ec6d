import type { RestApiChange, RestApiDecision } from './store.js';
import { requireApi } from './api-rules.js';
import type { RestApiContext } from './context.js';
import { BadRequestException, ConflictException, resourceNotFound } from './errors.js';
import type { ResourceRecord, RestApiAggregate } from './model.js';

const LITERAL = /^[a-zA-Z0-9._:-]+$/;
const VARIABLE = /^\{[a-zA-Z0-9._-]+\+?\}$/;

/** What a path part is: a literal, a `{variable}` or a greedy `{variable+}`. */
export type PathPartKind = 'literal' | 'variable' | 'greedy';

export function pathPartKind(pathPart: string): PathPartKind {
  if (!pathPart.startsWith('{')) return 'literal';
  return pathPart.endsWith('+}') ? 'greedy' : 'variable';
}

/** The variable's name in `{name}` or `{name+}`. */
export function variableName(pathPart: string): string {
  return pathPart.replace(/^\{/, '').replace(/\+?\}$/, '');
}

export function validatePathPart(pathPart: string): void {
  if (!LITERAL.test(pathPart) && !VARIABLE.test(pathPart)) {
    throw new BadRequestException(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
}

export function requireResource(agg: RestApiAggregate, resourceId: string): ResourceRecord {
  const resource = agg.resources.get(resourceId);
  if (!resource) throw resourceNotFound();
  return resource;
}

export function decideCreateResource(
  current: RestApiAggregate | undefined,
  input: { apiId: string; parentId: string; pathPart: string },
  ctx: RestApiContext,
): RestApiDecision<ResourceRecord> {
  const agg = requireApi(current, input.apiId, ctx);
  const parent = requireResource(agg, input.parentId);
  const { pathPart } = input;
  validatePathPart(pathPart);
  if (parent.pathPart !== undefined && pathPartKind(parent.pathPart) === 'greedy') {
    throw new BadRequestException(
      `Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`,
    );
  }
  const siblings = [...agg.resources.values()].filter((r) => r.parentId === parent.id);
  if (siblings.some((s) => s.pathPart === pathPart)) {
    throw new ConflictException(`Another resource with the same parent already has this name: ${pathPart}`);
  }
  if (pathPartKind(pathPart) !== 'literal') {
    const variable = siblings.find((s) => s.pathPart !== undefined && pathPartKind(s.pathPart) !== 'literal');
    if (variable) {
      throw new BadRequestException(
        `A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`,
      );
    }
  }
  const resource: ResourceRecord = {
    id: ctx.newId(),
    parentId: parent.id,
    pathPart,
    path: parent.path === '/' ? `/${pathPart}` : `${parent.path}/${pathPart}`,
    methods: {},
  };
  return { changes: [{ kind: 'putResource', apiId: input.apiId, resource }], result: resource };
}

/** Deletes a resource and everything under it; the root stays. */
export function decideDeleteResource(
  current: RestApiAggregate | undefined,
  input: { apiId: string; resourceId: string },
  ctx: RestApiContext,
): RestApiDecision<undefined> {
  const agg = requireApi(current, input.apiId, ctx);
  const resource = requireResource(agg, input.resourceId);
  if (resource.id === agg.api.rootResourceId) {
    throw new BadRequestException('Cannot delete the root resource of a REST API');
  }
  const doomed = new Set([resource.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of agg.resources.values()) {
      if (r.parentId !== undefined && doomed.has(r.parentId) && !doomed.has(r.id)) {
        doomed.add(r.id);
        grew = true;
      }
    }
  }
  const changes: RestApiChange[] = [...doomed].map((resourceId) => ({
    kind: 'deleteResource',
    apiId: input.apiId,
    resourceId,
  }));
  return { changes, result: undefined };
}

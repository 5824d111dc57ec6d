import { TemplateError } from '../../common/template/errors.js';
import type { ProcessedTemplate, ResourceChange, ResourceRecord } from './model.js';
import { deepEqual } from './step-context.js';
import { dependencyGraph } from './template/graph.js';
import { typeSpec } from './template/resource-types.js';
import { NotYetKnown, Resolver } from './template/resolve.js';

export interface PlanInput {
  template: ProcessedTemplate;
  parameters: ReadonlyMap<string, string | string[]>;
  resources: Readonly<Record<string, ResourceRecord>>;
  exported(name: string): string | undefined;
}

/**
 * What a change set would do, as CloudFormation describes it: resources added, removed, or
 * modified (with or without replacement). A value that depends on a resource being added or
 * changed cannot be known yet: the resource using it is marked as modified, replacement
 * `Conditional`, as CloudFormation marks it.
 */
export function planChanges(input: PlanInput): { changes: ResourceChange[]; problem?: string } {
  const known = new Map<string, ResourceRecord>();
  const resolver = new Resolver({
    template: input.template,
    parameters: input.parameters,
    live: (id) => known.get(id),
    exported: (name) => input.exported(name),
  });
  const changes: ResourceChange[] = [];
  try {
    const targets = Object.keys(input.template.Resources).filter((id) => resolver.included(id));
    const graph = dependencyGraph(input.template.Resources).graph;
    const done = new Set<string>();
    while (done.size < targets.length) {
      const ready = targets.filter(
        (id) => !done.has(id) && (graph.get(id) ?? []).every((d) => done.has(d) || !targets.includes(d)),
      );
      if (ready.length === 0) break;
      for (const id of ready) {
        done.add(id);
        const change = changeOf(id, input, resolver);
        const existing = input.resources[id];
        if (!change) known.set(id, existing!);
        // Updated in place, a resource keeps its physical id (Ref); its attributes may change.
        else if (change.replacement === 'False' && existing) known.set(id, { ...existing, attributes: {} });
        if (change) changes.push(change);
      }
    }
    for (const [id, r] of Object.entries(input.resources))
      if (!targets.includes(id))
        changes.push({
          action: 'Remove',
          logicalResourceId: id,
          ...(r.physicalId ? { physicalResourceId: r.physicalId } : {}),
          resourceType: r.type,
          scope: [],
        });
  } catch (error) {
    if (error instanceof TemplateError) return { changes, problem: error.message };
    throw error;
  }
  return { changes };
}

function changeOf(id: string, input: PlanInput, resolver: Resolver): ResourceChange | undefined {
  const def = input.template.Resources[id]!;
  const existing = input.resources[id];
  if (!existing || existing.physicalId === undefined)
    return { action: 'Add', logicalResourceId: id, resourceType: def.Type, scope: [] };
  const base = {
    action: 'Modify' as const,
    logicalResourceId: id,
    physicalResourceId: existing.physicalId,
    resourceType: def.Type,
  };
  if (existing.type !== def.Type) return { ...base, replacement: 'True', scope: ['Properties'] };
  let props: Record<string, unknown>;
  try {
    props = resolver.properties(id);
  } catch (error) {
    // Immutable resources are replaced by any change; others may or may not be.
    if (error instanceof NotYetKnown)
      return {
        ...base,
        replacement: typeSpec(def.Type)?.replaceOn === '*' ? 'True' : 'Conditional',
        scope: ['Properties'],
      };
    throw error;
  }
  if (deepEqual(existing.properties, props)) return undefined;
  const spec = typeSpec(def.Type);
  const changed = [...new Set([...Object.keys(props), ...Object.keys(existing.properties)])].filter(
    (k) => !deepEqual(props[k], existing.properties[k]),
  );
  const replaces = spec?.replaceOn === '*' || changed.some((k) => spec?.replaceOn.includes(k));
  return { ...base, replacement: replaces ? 'True' : 'False', scope: ['Properties'] };
}

import type { ResourceDefinition } from '../model.js';
import { isRecord } from '../../../common/is-record.js';

/** Logical ids a definition refers to through Ref, Fn::GetAtt, Fn::Sub and DependsOn. */
export function dependenciesOf(def: ResourceDefinition, resources: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const add = (name: string): void => {
    if (resources.has(name)) found.add(name);
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isRecord(v)) return;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = v[key];
      if (key === 'Ref' && typeof arg === 'string') add(arg);
      if (key === 'Fn::GetAtt') {
        const id: unknown =
          typeof arg === 'string'
            ? arg.split('.')[0]
            : Array.isArray(arg)
              ? (arg as unknown[])[0]
              : undefined;
        if (typeof id === 'string') add(id);
      }
      if (key === 'Fn::Sub') {
        const text: unknown =
          typeof arg === 'string' ? arg : Array.isArray(arg) ? (arg as unknown[])[0] : undefined;
        const second: unknown = Array.isArray(arg) ? (arg as unknown[])[1] : undefined;
        const vars = isRecord(second) ? second : {};
        if (typeof text === 'string')
          for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
            const name = m[1]!.trim();
            if (!(name in vars)) add(name.split('.')[0]!);
          }
      }
    }
    for (const x of Object.values(v)) walk(x);
  };
  walk(def.Properties);
  walk(def.UpdatePolicy);
  const explicit =
    def.DependsOn === undefined ? [] : Array.isArray(def.DependsOn) ? def.DependsOn : [def.DependsOn];
  for (const id of explicit) found.add(id);
  return [...found].sort();
}

/** Every resource's dependencies; DependsOn naming no resource is an error, as are cycles. */
export function dependencyGraph(resources: Readonly<Record<string, ResourceDefinition>>): {
  graph: Map<string, string[]>;
  problem?: string;
} {
  const ids = new Set(Object.keys(resources));
  const graph = new Map<string, string[]>();
  for (const [id, def] of Object.entries(resources)) {
    const deps = dependenciesOf(def, ids);
    const missing = deps.find((d) => !ids.has(d));
    if (missing !== undefined)
      return {
        graph,
        problem: `Template format error: Unresolved resource dependencies [${missing}] in the Resources block of the template`,
      };
    graph.set(id, deps);
  }
  const cycle = findCycle(graph);
  if (cycle) return { graph, problem: `Circular dependency between resources: [${cycle.join(', ')}]` };
  return { graph };
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return stack.slice(stack.indexOf(id)).sort();
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of graph.get(id) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

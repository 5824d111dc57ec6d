import { TemplateError } from '../../common/template/errors.js';
import type { ResourceRecord, Task } from './model.js';
import type { ApplyRequest } from './ports.js';
import { deepEqual, parameterMap, type Work } from './step-context.js';
import { dependencyGraph } from './template/graph.js';
import { typeSpec } from './template/resource-types.js';
import { Resolver } from './template/resolve.js';

/** A resolver over the operation's template and the stack's resources as they are now. */
export function resolverOf(work: Work): Resolver {
  const { stack, input } = work;
  const op = stack.operation!;
  return new Resolver({
    template: op.template,
    parameters: parameterMap(work),
    live: (id) => {
      const task = op.tasks[id];
      const r = stack.resources[id];
      // Only what this operation has settled is known (an unchanged resource is settled at once).
      return task?.state === 'done' && r ? r : undefined;
    },
    exported: (name) => input.exported(name),
  });
}

/** The resources the operation's template holds (their Conditions true). */
export function targetIds(work: Work, resolver: Resolver): string[] {
  return Object.keys(work.stack.operation!.template.Resources).filter((id) => resolver.included(id));
}

function needsReplacement(existing: ResourceRecord, type: string, props: Record<string, unknown>): boolean {
  if (existing.type !== type || existing.physicalId === undefined) return true;
  const spec = typeSpec(type);
  if (!spec) return false;
  const keys =
    spec.replaceOn === '*'
      ? [...new Set([...Object.keys(props), ...Object.keys(existing.properties)])]
      : spec.replaceOn;
  return keys.some((k) => !deepEqual(existing.properties[k], props[k]));
}

function fail(
  work: Work,
  id: string,
  type: string,
  status: 'CREATE_FAILED' | 'UPDATE_FAILED',
  reason: string,
): void {
  const op = work.stack.operation!;
  op.tasks[id] = { action: status === 'CREATE_FAILED' ? 'create' : 'update', state: 'failed', reason };
  const existing = work.stack.resources[id];
  work.stack.resources[id] = {
    ...(existing ?? {
      logicalId: id,
      type,
      physicalId: undefined,
      properties: {},
      attributes: {},
      dependsOn: [],
    }),
    status,
    statusReason: reason,
    lastUpdated: work.input.now,
  };
  work.log.resource(work.stack.resources[id], status, reason);
  markFailed(work, id, reason);
}

export function markFailed(work: Work, id: string, reason: string): void {
  const op = work.stack.operation!;
  op.failure ??= reason;
  op.failed = [...(op.failed ?? []), id];
}

/**
 * Starts every resource whose dependencies are settled: unchanged ones settle at once, others
 * become a create (new, or a replacement) or an update sent to their provider. Nothing new starts
 * once something failed.
 */
export function dispatchForward(work: Work, resolver: Resolver, targets: readonly string[]): void {
  const { stack, input } = work;
  const op = stack.operation!;
  const graph = dependencyGraph(op.template.Resources).graph;
  for (let progress = true; progress && !op.failure;) {
    progress = false;
    for (const id of targets) {
      if (op.tasks[id] || op.failure) continue;
      const deps = (graph.get(id) ?? []).filter((d) => targets.includes(d));
      if (!deps.every((d) => op.tasks[d]?.state === 'done')) continue;
      const def = op.template.Resources[id]!;
      const existing = stack.resources[id];
      let properties: Record<string, unknown>;
      let updatePolicy: Record<string, unknown> | undefined;
      try {
        properties = resolver.properties(id);
        updatePolicy = resolver.updatePolicy(id);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        fail(work, id, def.Type, existing ? 'UPDATE_FAILED' : 'CREATE_FAILED', error.message);
        break;
      }
      progress = true;
      const replace = existing !== undefined && needsReplacement(existing, def.Type, properties);
      if (existing && !replace && deepEqual(existing.properties, properties)) {
        op.tasks[id] = { action: 'none', state: 'done' };
        continue;
      }
      const action = existing && !replace ? 'update' : 'create';
      const request: ApplyRequest = {
        stackName: stack.stackName,
        stackId: stack.stackId,
        logicalId: id,
        type: def.Type,
        action,
        properties,
        ...(action === 'update' ? { previous: existing } : {}),
        ...(updatePolicy ? { updatePolicy } : {}),
        rollback: false,
        nameSeed: `${stack.stackId}/${id}/${op.changeSetId ?? stack.rev}`,
      };
      const task: Task = { action, state: 'running', request };
      op.tasks[id] = task;
      const status = existing ? 'UPDATE_IN_PROGRESS' : 'CREATE_IN_PROGRESS';
      stack.resources[id] = {
        logicalId: id,
        type: def.Type,
        physicalId: existing?.physicalId,
        status,
        properties: existing?.properties ?? {},
        attributes: existing?.attributes ?? {},
        dependsOn: deps,
        ...(def.DeletionPolicy ? { deletionPolicy: def.DeletionPolicy } : {}),
        lastUpdated: input.now,
      };
      const reason = replace
        ? 'Requested update requires the creation of a new physical resource; hence creating one.'
        : undefined;
      work.log.resource(stack.resources[id], status, reason, properties);
      work.effects.push({ kind: 'apply', request });
    }
  }
}

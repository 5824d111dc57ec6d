import type { ResourceRecord } from './model.js';
import type { Work } from './step-context.js';

/**
 * Deletes what `operation.deleting` holds, each once nothing else still being deleted refers to
 * it (the reverse of the order they were created in). `DeletionPolicy: Retain` keeps the resource
 * and says so (DELETE_SKIPPED). Returns true when every deletion has ended.
 */
export function dispatchDeletes(work: Work): boolean {
  const { stack, input } = work;
  const op = stack.operation!;
  const deleting = op.deleting ?? {};
  const open = (id: string): boolean => {
    const state = op.tasks[id]?.state;
    return state !== 'done' && state !== 'failed';
  };
  for (let progress = true; progress;) {
    progress = false;
    for (const [id, record] of Object.entries(deleting)) {
      if (op.tasks[id]) continue;
      const blocked = Object.entries(deleting).some(
        ([other, r]) => other !== id && open(other) && r.dependsOn.includes(id),
      );
      if (blocked) continue;
      progress = true;
      if (record.deletionPolicy === 'Retain' || record.physicalId === undefined) {
        op.tasks[id] = { action: 'delete', state: 'done' };
        work.log.resource(record, record.physicalId === undefined ? 'DELETE_COMPLETE' : 'DELETE_SKIPPED');
        forget(work, id, record);
        continue;
      }
      const request = {
        stackName: stack.stackName,
        stackId: stack.stackId,
        logicalId: id,
        type: record.type,
        action: 'delete' as const,
        properties: record.properties,
        previous: record,
        rollback: op.phase !== 'forward' && op.phase !== 'cleanup',
        nameSeed: `${stack.stackId}/${id}`,
      };
      op.tasks[id] = { action: 'delete', state: 'running', request };
      if (stack.resources[id]?.physicalId === record.physicalId)
        stack.resources[id] = { ...record, status: 'DELETE_IN_PROGRESS', lastUpdated: input.now };
      work.log.resource(record, 'DELETE_IN_PROGRESS');
      work.effects.push({ kind: 'apply', request });
    }
  }
  return Object.keys(deleting).every((id) => !open(id));
}

/** A deleted resource leaves the stack, unless the stack's record is a newer physical resource. */
export function forget(work: Work, id: string, deleted: ResourceRecord): void {
  const current = work.stack.resources[id];
  if (current && current.physicalId === deleted.physicalId) delete work.stack.resources[id];
}

import { TemplateError } from '../../common/template/errors.js';
import type { Phase, ResourceRecord, StackRecord, StackStatus } from './model.js';
import type { Outcome } from './ports.js';
import type { StepInput, StepResult, Work } from './step-context.js';
import { dispatchDeletes, forget } from './step-deletes.js';
import { EventLog } from './step-events.js';
import { gatewayAddresses } from './template/gateway-addresses.js';
import { dispatchForward, markFailed, resolverOf, targetIds } from './step-forward.js';

export type Observation =
  | { kind: 'outcome'; logicalId: string; phase: Phase; outcome: Outcome }
  /** After a restart: calls that were in flight are made again (providers are idempotent). */
  | { kind: 'resume' }
  /** Something a waiting change depends on moved (a deployment ended): look now, not at the next poll. */
  | { kind: 'pollNow' };

/**
 * One step of a stack operation, pure: take what providers answered, start what is now ready,
 * move through the phases as CloudFormation does (forward, then cleanup; or rollback, then its
 * cleanup) and say what to do next. The engine saves `next` and the events before any effect.
 */
export function step(stack: StackRecord, observations: readonly Observation[], input: StepInput): StepResult {
  if (!stack.operation) return { next: stack, effects: [], events: [], wakeAt: undefined };
  const work: Work = {
    stack: structuredClone(stack),
    log: new EventLog(stack, input.now, input.newEventId),
    effects: [],
    input,
  };
  for (const o of observations) observe(work, o);
  advance(work);
  const op = work.stack.operation;
  let wakeAt: number | undefined;
  if (op) {
    for (const task of Object.values(op.tasks)) {
      if (task.state !== 'waiting' || !task.request || task.token === undefined) continue;
      if (op.failure && op.phase === 'forward' && !task.cancelRequested) {
        task.cancelRequested = true;
        work.effects.push({ kind: 'cancel', request: task.request, token: task.token });
      }
      if ((task.wakeAt ?? 0) <= input.now) {
        task.state = 'running';
        work.effects.push({ kind: 'poll', request: task.request, token: task.token });
      } else wakeAt = Math.min(wakeAt ?? Infinity, task.wakeAt!);
    }
  }
  work.stack.wakeAt = wakeAt;
  return { next: work.stack, effects: work.effects, events: work.log.events, wakeAt };
}

function observe(work: Work, o: Observation): void {
  const op = work.stack.operation!;
  if (o.kind === 'pollNow') {
    for (const task of Object.values(op.tasks)) if (task.state === 'waiting') task.wakeAt = work.input.now;
    return;
  }
  if (o.kind === 'resume') {
    for (const task of Object.values(op.tasks)) {
      if (task.state !== 'running' || !task.request) continue;
      work.effects.push(
        task.token !== undefined
          ? { kind: 'poll', request: task.request, token: task.token }
          : { kind: 'apply', request: task.request },
      );
    }
    return;
  }
  const task = op.tasks[o.logicalId];
  if (!task || o.phase !== op.phase || task.state !== 'running' || !task.request) return;
  const { stack, input, log } = work;
  const request = task.request;
  const id = o.logicalId;
  const outcome = o.outcome;
  if (outcome.kind === 'wait') {
    Object.assign(task, { state: 'waiting', token: outcome.token, wakeAt: input.now + outcome.afterMs });
    return;
  }
  const existed = request.action === 'update' || op.before[id] !== undefined;
  if (outcome.kind === 'failed') {
    const reason = task.cancelRequested ? `Resource update cancelled: ${outcome.reason}` : outcome.reason;
    Object.assign(task, { state: 'failed', reason });
    const status =
      request.action === 'delete' ? 'DELETE_FAILED' : existed ? 'UPDATE_FAILED' : 'CREATE_FAILED';
    const record = stack.resources[id] ?? request.previous;
    if (record) {
      stack.resources[id] = { ...record, status, statusReason: reason, lastUpdated: input.now };
      log.resource(stack.resources[id], status, reason);
    }
    markFailed(work, id, reason);
    return;
  }
  task.state = 'done';
  if (request.action === 'delete') {
    log.resource({ ...request.previous!, physicalId: request.previous?.physicalId }, 'DELETE_COMPLETE');
    forget(work, id, request.previous!);
    return;
  }
  const status = existed ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE';
  const base = stack.resources[id]!;
  stack.resources[id] = {
    ...base,
    physicalId: outcome.physicalId,
    attributes: outcome.attributes,
    properties: request.properties,
    status,
    lastUpdated: input.now,
  };
  delete stack.resources[id].statusReason;
  log.resource(stack.resources[id], status);
}

const busy = (work: Work): boolean =>
  Object.values(work.stack.operation!.tasks).some((t) => t.state === 'running' || t.state === 'waiting');

function setStatus(work: Work, status: StackStatus, reason?: string): void {
  work.stack.status = status;
  if (reason) work.stack.statusReason = reason;
  else delete work.stack.statusReason;
  work.log.stackStatus(status, reason);
}

function finish(work: Work, status: StackStatus): void {
  const stack = work.stack;
  setStatus(work, status);
  if (status === 'DELETE_COMPLETE') stack.deletionTime = work.input.now;
  delete stack.operation;
}

function advance(work: Work): void {
  for (let guard = 0; guard < 8 && work.stack.operation; guard++) {
    const op = work.stack.operation;
    const before = `${op.phase}`;
    if (op.kind === 'DELETE') {
      if (!dispatchDeletes(work)) return;
      finish(work, op.failed?.length ? 'DELETE_FAILED' : 'DELETE_COMPLETE');
      return;
    }
    switch (op.phase) {
      case 'forward':
        advanceForward(work);
        break;
      case 'cleanup':
        if (!dispatchDeletes(work)) return;
        finish(work, 'UPDATE_COMPLETE');
        return;
      case 'rollback':
        if (op.kind === 'CREATE') {
          if (!dispatchDeletes(work)) return;
          finish(
            work,
            op.failed?.some((id) => op.tasks[id]?.action === 'delete')
              ? 'ROLLBACK_FAILED'
              : 'ROLLBACK_COMPLETE',
          );
          return;
        }
        if (busy(work)) return;
        if (Object.values(op.tasks).some((t) => t.state === 'failed')) {
          finish(work, 'UPDATE_ROLLBACK_FAILED');
          return;
        }
        op.phase = 'rollback-cleanup';
        op.tasks = {};
        setStatus(work, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
        break;
      case 'rollback-cleanup':
        if (!dispatchDeletes(work)) return;
        finish(work, 'UPDATE_ROLLBACK_COMPLETE');
        return;
    }
    if (!work.stack.operation || work.stack.operation.phase === before) return;
  }
}

function advanceForward(work: Work): void {
  const { stack } = work;
  const op = stack.operation!;
  const resolver = resolverOf(work);
  let targets: string[];
  try {
    targets = targetIds(work, resolver);
    dispatchForward(work, resolver, targets);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    op.failure ??= error.message;
    targets = [];
  }
  if (busy(work)) return;
  if (op.failure) return startRollback(work);
  if (!targets.every((id) => op.tasks[id]?.state === 'done')) return;
  try {
    stack.outputs = gatewayAddresses(resolver.outputs(), work.input.gatewayPort);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    op.failure = error.message;
    return startRollback(work);
  }
  stack.template = op.template;
  stack.templateBody = op.templateBody;
  stack.parameters = op.parameters;
  if (op.kind === 'CREATE') return finish(work, 'CREATE_COMPLETE');
  const deleting: Record<string, ResourceRecord> = {};
  for (const [id, old] of Object.entries(op.before))
    if (!targets.includes(id) || stack.resources[id]?.physicalId !== old.physicalId) deleting[id] = old;
  Object.assign(op, { phase: 'cleanup', tasks: {}, deleting });
  setStatus(work, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
}

/** A failed create deletes what it made; a failed update puts every changed resource back. */
function startRollback(work: Work): void {
  const { stack, input } = work;
  const op = stack.operation!;
  const failed = [...new Set(op.failed ?? [])];
  if (op.kind === 'CREATE') {
    Object.assign(op, {
      phase: 'rollback',
      tasks: {},
      deleting: structuredClone(stack.resources),
      failed: [],
    });
    setStatus(
      work,
      'ROLLBACK_IN_PROGRESS',
      `The following resource(s) failed to create: [${failed.join(', ')}]. Rollback requested by user.`,
    );
    return;
  }
  setStatus(
    work,
    'UPDATE_ROLLBACK_IN_PROGRESS',
    `The following resource(s) failed to update: [${failed.join(', ')}]. `,
  );
  const forward = op.tasks;
  const deleting: Record<string, ResourceRecord> = {};
  const reverts: Record<string, (typeof forward)[string]> = {};
  for (const [id, task] of Object.entries(forward)) {
    const old = op.before[id];
    const current = stack.resources[id];
    if (task.action === 'none' || !current) continue;
    if (task.action === 'create') {
      if (current.physicalId !== undefined && current.physicalId !== old?.physicalId) deleting[id] = current;
      if (old) stack.resources[id] = old;
      else if (current.physicalId === undefined) delete stack.resources[id];
      continue;
    }
    if (!old || !task.request) continue;
    const request = { ...task.request, properties: old.properties, previous: current, rollback: true };
    delete request.updatePolicy;
    reverts[id] = { action: 'update', state: 'running', request };
    stack.resources[id] = { ...current, status: 'UPDATE_IN_PROGRESS', lastUpdated: input.now };
    work.log.resource(current, 'UPDATE_IN_PROGRESS');
    work.effects.push({ kind: 'apply', request });
  }
  Object.assign(op, { phase: 'rollback', tasks: reverts, deleting, failed: [] });
}

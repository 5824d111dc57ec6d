import { z } from 'zod';
import type { Clock } from '../../../common/clock.js';
import type { Random } from '../../../common/random.js';
import type { Place } from '../../states/arns.js';
import type { ExecutionEngine } from '../../states/engine.js';
import {
  getExecution,
  listExecutions,
  reportTask,
  startExecution,
  stopExecution,
} from '../../states/execution-service.js';
import {
  createMachine,
  deleteMachine,
  getMachine,
  tagMachine,
  updateMachine,
  validateOnly,
} from '../../states/machines.js';
import type { StatesStore } from '../../states/store.js';
import { startSyncExecution, type SyncExecutionDeps } from '../../states/sync-execution.js';
import { InvalidArn } from '../../states/service-errors.js';
import { parseStateMachineArn } from '../../states/arns.js';
import {
  decodeToken,
  encodeToken,
  eventToWire,
  executionSummary,
  executionToWire,
  input,
  machineToWire,
  seconds,
  syncExecutionToWire,
  tagList,
  tagsToWire,
} from './wire.js';

export interface StatesApiDeps {
  store: StatesStore;
  engine: ExecutionEngine;
  clock: Clock;
  random: Random;
  place: Place;
  /** StartSyncExecution's: the invoker and metrics it runs an express execution with. */
  sync: SyncExecutionDeps;
}

export type StatesOperation = (body: Record<string, unknown>, deps: StatesApiDeps) => Promise<unknown>;

const arn = z.string().min(1).max(2048);
const page = {
  maxResults: z.number().int().min(0).max(1000).optional(),
  nextToken: z.string().max(1024).optional(),
};
const status = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);

function paged<T>(
  items: T[],
  body: { maxResults?: number | undefined; nextToken?: string | undefined },
  fallback = 100,
) {
  const start = decodeToken(body.nextToken) ?? 0;
  const size = body.maxResults ? body.maxResults : fallback;
  const slice = items.slice(start, start + size);
  return { slice, nextToken: start + size < items.length ? encodeToken(start + size) : undefined };
}

export const STATES_OPERATIONS: Record<string, StatesOperation> = {
  async CreateStateMachine(body, deps) {
    const req = input(
      z.object({
        name: z.string(),
        definition: z.string().max(1_048_576),
        roleArn: arn,
        type: z.enum(['STANDARD', 'EXPRESS']).optional(),
        tags: tagList.optional(),
        description: z.string().max(256).optional(),
      }),
      body,
    );
    const tags = Object.fromEntries((req.tags ?? []).map((t) => [t.key, t.value]));
    const m = await createMachine(deps, { ...req, type: req.type ?? 'STANDARD', tags });
    return { stateMachineArn: m.arn, creationDate: seconds(m.creationDate) };
  },
  async DescribeStateMachine(body, deps) {
    const req = input(z.object({ stateMachineArn: arn }), body);
    return machineToWire(await getMachine(deps.store, req.stateMachineArn));
  },
  async UpdateStateMachine(body, deps) {
    const req = input(
      z.object({ stateMachineArn: arn, definition: z.string().optional(), roleArn: arn.optional() }),
      body,
    );
    const { updateDate, revisionId } = await updateMachine(deps, req.stateMachineArn, {
      ...(req.definition !== undefined ? { definition: req.definition } : {}),
      ...(req.roleArn !== undefined ? { roleArn: req.roleArn } : {}),
    });
    return { updateDate: seconds(updateDate), revisionId };
  },
  async DeleteStateMachine(body, deps) {
    await deleteMachine(deps.store, input(z.object({ stateMachineArn: arn }), body).stateMachineArn);
    return {};
  },
  async ListStateMachines(body, deps) {
    const req = input(z.object(page), body);
    const { slice, nextToken } = paged(await deps.store.read((r) => r.machines()), req);
    return {
      stateMachines: slice.map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: seconds(m.creationDate),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
  ValidateStateMachineDefinition(body) {
    const req = input(
      z.object({ definition: z.string(), type: z.enum(['STANDARD', 'EXPRESS']).optional() }),
      body,
    );
    const { result, diagnostics } = validateOnly(req.definition, req.type ?? 'STANDARD');
    return Promise.resolve({ result, diagnostics, truncated: false });
  },
  async StartExecution(body, deps) {
    const req = input(
      z.object({
        stateMachineArn: arn,
        name: z.string().optional(),
        input: z.string().optional(),
        traceHeader: z.string().optional(),
      }),
      body,
    );
    const e = await startExecution(deps, req.stateMachineArn, req.name, req.input);
    return { executionArn: e.arn, startDate: seconds(e.startDate) };
  },
  async StartSyncExecution(body, deps) {
    const req = input(
      z.object({
        stateMachineArn: arn,
        name: z.string().optional(),
        input: z.string().max(262144).optional(),
        traceHeader: z.string().max(256).optional(),
        includedData: z.enum(['ALL_DATA', 'METADATA_ONLY']).optional(),
      }),
      body,
    );
    const e = await startSyncExecution(deps.sync, req.stateMachineArn, req.name, req.input);
    return syncExecutionToWire(e, req.traceHeader);
  },
  async DescribeExecution(body, deps) {
    const req = input(z.object({ executionArn: arn }), body);
    return executionToWire(await getExecution(deps.store, req.executionArn));
  },
  async DescribeStateMachineForExecution(body, deps) {
    const req = input(z.object({ executionArn: arn }), body);
    const e = await getExecution(deps.store, req.executionArn);
    const name = parseStateMachineArn(e.stateMachineArn)?.name ?? '';
    return {
      stateMachineArn: e.stateMachineArn,
      name,
      definition: e.definition,
      roleArn: e.state.info.roleArn,
      updateDate: seconds(e.startDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  },
  async StopExecution(body, deps) {
    const req = input(
      z.object({
        executionArn: arn,
        error: z.string().max(256).optional(),
        cause: z.string().max(32768).optional(),
      }),
      body,
    );
    const e = await stopExecution(deps, req.executionArn, req.error, req.cause);
    return { stopDate: seconds(e.stopDate ?? deps.clock.now()) };
  },
  async ListExecutions(body, deps) {
    const req = input(z.object({ stateMachineArn: arn, statusFilter: status.optional(), ...page }), body);
    const all = await listExecutions(
      deps.store,
      req.stateMachineArn,
      req.statusFilter === 'PENDING_REDRIVE' ? undefined : req.statusFilter,
    );
    const { slice, nextToken } = paged(req.statusFilter === 'PENDING_REDRIVE' ? [] : all, req);
    return { executions: slice.map(executionSummary), ...(nextToken ? { nextToken } : {}) };
  },
  async GetExecutionHistory(body, deps) {
    const req = input(
      z.object({
        executionArn: arn,
        reverseOrder: z.boolean().optional(),
        includeExecutionData: z.boolean().optional(),
        ...page,
      }),
      body,
    );
    await getExecution(deps.store, req.executionArn);
    const limit = req.maxResults ? req.maxResults : 100;
    const from = decodeToken(req.nextToken);
    const events = await deps.store.read((r) =>
      r.history(
        req.executionArn,
        req.reverseOrder
          ? { order: 'desc', beforeId: from ?? Infinity, limit: limit + 1 }
          : { order: 'asc', afterId: from ?? 0, limit: limit + 1 },
      ),
    );
    const pageEvents = events.slice(0, limit);
    const last = pageEvents.at(-1);
    return {
      events: pageEvents.map((e) => eventToWire(e, req.includeExecutionData ?? true)),
      ...(events.length > limit && last ? { nextToken: encodeToken(last.id) } : {}),
    };
  },
  async TagResource(body, deps) {
    const req = input(z.object({ resourceArn: arn, tags: tagList }), body);
    requireMachine(req.resourceArn);
    await tagMachine(
      deps.store,
      req.resourceArn,
      Object.fromEntries(req.tags.map((t) => [t.key, t.value])),
      [],
    );
    return {};
  },
  async UntagResource(body, deps) {
    const req = input(z.object({ resourceArn: arn, tagKeys: z.array(z.string()) }), body);
    requireMachine(req.resourceArn);
    await tagMachine(deps.store, req.resourceArn, {}, req.tagKeys);
    return {};
  },
  async ListTagsForResource(body, deps) {
    const req = input(z.object({ resourceArn: arn }), body);
    requireMachine(req.resourceArn);
    return { tags: tagsToWire((await getMachine(deps.store, req.resourceArn)).tags) };
  },
  async SendTaskSuccess(body, deps) {
    const req = input(
      z.object({ taskToken: z.string().min(1).max(2048), output: z.string().max(262144) }),
      body,
    );
    await reportTask(deps, req.taskToken, { kind: 'success', output: req.output });
    return {};
  },
  async SendTaskFailure(body, deps) {
    const req = input(
      z.object({
        taskToken: z.string().min(1).max(2048),
        error: z.string().max(256).optional(),
        cause: z.string().max(32768).optional(),
      }),
      body,
    );
    await reportTask(deps, req.taskToken, {
      kind: 'failure',
      ...(req.error !== undefined ? { error: req.error } : {}),
      ...(req.cause !== undefined ? { cause: req.cause } : {}),
    });
    return {};
  },
  async SendTaskHeartbeat(body, deps) {
    const req = input(z.object({ taskToken: z.string().min(1).max(2048) }), body);
    await reportTask(deps, req.taskToken, { kind: 'heartbeat' });
    return {};
  },
};

function requireMachine(resourceArn: string): void {
  if (!parseStateMachineArn(resourceArn))
    throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${resourceArn}'`);
}

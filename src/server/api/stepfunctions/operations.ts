import { z } from 'zod';
import { operation, type Operation } from '../operation.js';
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

export const STATES_OPERATIONS: readonly Operation<StatesApiDeps>[] = [
  operation(
    'CreateStateMachine',
    () =>
      z.object({
        name: z.string(),
        definition: z.string().max(1_048_576),
        roleArn: arn,
        type: z.enum(['STANDARD', 'EXPRESS']).optional(),
        tags: tagList.optional(),
        description: z.string().max(256).optional(),
      }),
    async (req, deps: StatesApiDeps) => {
      const tags = Object.fromEntries((req.tags ?? []).map((t) => [t.key, t.value]));
      const m = await createMachine(deps, { ...req, type: req.type ?? 'STANDARD', tags });
      return { stateMachineArn: m.arn, creationDate: seconds(m.creationDate) };
    },
  ),
  operation(
    'DescribeStateMachine',
    () => z.object({ stateMachineArn: arn }),
    async (req, deps: StatesApiDeps) => {
      return machineToWire(await getMachine(deps.store, req.stateMachineArn));
    },
  ),
  operation(
    'UpdateStateMachine',
    () => z.object({ stateMachineArn: arn, definition: z.string().optional(), roleArn: arn.optional() }),
    async (req, deps: StatesApiDeps) => {
      const { updateDate, revisionId } = await updateMachine(deps, req.stateMachineArn, {
        ...(req.definition !== undefined ? { definition: req.definition } : {}),
        ...(req.roleArn !== undefined ? { roleArn: req.roleArn } : {}),
      });
      return { updateDate: seconds(updateDate), revisionId };
    },
  ),
  operation(
    'DeleteStateMachine',
    () => z.object({ stateMachineArn: arn }),
    async (req, deps: StatesApiDeps) => {
      await deleteMachine(deps.store, req.stateMachineArn);
      return {};
    },
  ),
  operation(
    'ListStateMachines',
    () => z.object(page),
    async (req, deps: StatesApiDeps) => {
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
  ),
  operation(
    'ValidateStateMachineDefinition',
    () => z.object({ definition: z.string(), type: z.enum(['STANDARD', 'EXPRESS']).optional() }),
    (req, _deps: StatesApiDeps) => {
      const { result, diagnostics } = validateOnly(req.definition, req.type ?? 'STANDARD');
      return Promise.resolve({ result, diagnostics, truncated: false });
    },
  ),
  operation(
    'StartExecution',
    () =>
      z.object({
        stateMachineArn: arn,
        name: z.string().optional(),
        input: z.string().optional(),
        traceHeader: z.string().optional(),
      }),
    async (req, deps: StatesApiDeps) => {
      const e = await startExecution(deps, req.stateMachineArn, req.name, req.input);
      return { executionArn: e.arn, startDate: seconds(e.startDate) };
    },
  ),
  operation(
    'StartSyncExecution',
    () =>
      z.object({
        stateMachineArn: arn,
        name: z.string().optional(),
        input: z.string().max(262144).optional(),
        traceHeader: z.string().max(256).optional(),
        includedData: z.enum(['ALL_DATA', 'METADATA_ONLY']).optional(),
      }),
    async (req, deps: StatesApiDeps) => {
      const e = await startSyncExecution(deps.sync, req.stateMachineArn, req.name, req.input);
      return syncExecutionToWire(e, req.traceHeader);
    },
  ),
  operation(
    'DescribeExecution',
    () => z.object({ executionArn: arn }),
    async (req, deps: StatesApiDeps) => {
      return executionToWire(await getExecution(deps.store, req.executionArn));
    },
  ),
  operation(
    'DescribeStateMachineForExecution',
    () => z.object({ executionArn: arn }),
    async (req, deps: StatesApiDeps) => {
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
  ),
  operation(
    'StopExecution',
    () =>
      z.object({
        executionArn: arn,
        error: z.string().max(256).optional(),
        cause: z.string().max(32768).optional(),
      }),
    async (req, deps: StatesApiDeps) => {
      const e = await stopExecution(deps, req.executionArn, req.error, req.cause);
      return { stopDate: seconds(e.stopDate ?? deps.clock.now()) };
    },
  ),
  operation(
    'ListExecutions',
    () => z.object({ stateMachineArn: arn, statusFilter: status.optional(), ...page }),
    async (req, deps: StatesApiDeps) => {
      const all = await listExecutions(
        deps.store,
        req.stateMachineArn,
        req.statusFilter === 'PENDING_REDRIVE' ? undefined : req.statusFilter,
      );
      const { slice, nextToken } = paged(req.statusFilter === 'PENDING_REDRIVE' ? [] : all, req);
      return { executions: slice.map(executionSummary), ...(nextToken ? { nextToken } : {}) };
    },
  ),
  operation(
    'GetExecutionHistory',
    () =>
      z.object({
        executionArn: arn,
        reverseOrder: z.boolean().optional(),
        includeExecutionData: z.boolean().optional(),
        ...page,
      }),
    async (req, deps: StatesApiDeps) => {
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
  ),
  operation(
    'TagResource',
    () => z.object({ resourceArn: arn, tags: tagList }),
    async (req, deps: StatesApiDeps) => {
      requireMachine(req.resourceArn);
      await tagMachine(
        deps.store,
        req.resourceArn,
        Object.fromEntries(req.tags.map((t) => [t.key, t.value])),
        [],
      );
      return {};
    },
  ),
  operation(
    'UntagResource',
    () => z.object({ resourceArn: arn, tagKeys: z.array(z.string()) }),
    async (req, deps: StatesApiDeps) => {
      requireMachine(req.resourceArn);
      await tagMachine(deps.store, req.resourceArn, {}, req.tagKeys);
      return {};
    },
  ),
  operation(
    'ListTagsForResource',
    () => z.object({ resourceArn: arn }),
    async (req, deps: StatesApiDeps) => {
      requireMachine(req.resourceArn);
      return { tags: tagsToWire((await getMachine(deps.store, req.resourceArn)).tags) };
    },
  ),
  operation(
    'SendTaskSuccess',
    () => z.object({ taskToken: z.string().min(1).max(2048), output: z.string().max(262144) }),
    async (req, deps: StatesApiDeps) => {
      await reportTask(deps, req.taskToken, { kind: 'success', output: req.output });
      return {};
    },
  ),
  operation(
    'SendTaskFailure',
    () =>
      z.object({
        taskToken: z.string().min(1).max(2048),
        error: z.string().max(256).optional(),
        cause: z.string().max(32768).optional(),
      }),
    async (req, deps: StatesApiDeps) => {
      await reportTask(deps, req.taskToken, {
        kind: 'failure',
        ...(req.error !== undefined ? { error: req.error } : {}),
        ...(req.cause !== undefined ? { cause: req.cause } : {}),
      });
      return {};
    },
  ),
  operation(
    'SendTaskHeartbeat',
    () => z.object({ taskToken: z.string().min(1).max(2048) }),
    async (req, deps: StatesApiDeps) => {
      await reportTask(deps, req.taskToken, { kind: 'heartbeat' });
      return {};
    },
  ),
];

function requireMachine(resourceArn: string): void {
  if (!parseStateMachineArn(resourceArn))
    throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${resourceArn}'`);
}

import { z } from 'zod';
import { SerializationException, ValidationException, type ServiceError } from '../../../common/errors.js';
import type { HistoryEvent } from '../../states/interpreter/events.js';
import type { ExecutionRecord, StateMachineRecord } from '../../states/records.js';
import type { SyncExecutionResult } from '../../states/sync-execution.js';

/** Timestamps on the AWS JSON wire: epoch seconds. */
export const seconds = (ms: number): number => ms / 1000;

/**
 * Step Functions' answer to a request its operation's schema refused: "1 validation error
 * detected: Value null at 'name' failed to satisfy constraint: ...". A body that is not a JSON
 * object is a SerializationException, as in every AWS JSON service.
 */
export function statesInvalid(error: z.ZodError, body: unknown): ServiceError {
  const issues = error.issues;
  if (issues.some((i) => i.path.length === 0)) {
    return new SerializationException('Start of structure or map found where not expected.');
  }
  const described = issues.map((i) => {
    const member = i.path.join('.');
    const value = i.path.reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined),
      body,
    );
    const constraint = value === undefined ? 'Member must not be null' : i.message;
    return `Value ${value === undefined ? 'null' : JSON.stringify(value)} at '${member}' failed to satisfy constraint: ${constraint}`;
  });
  return new ValidationException(
    `${described.length} validation error${described.length === 1 ? '' : 's'} detected: ${described.join('; ')}`,
  );
}

export const tagList = z
  .array(z.object({ key: z.string().min(1).max(128), value: z.string().max(256) }))
  .max(50);

export function tagsToWire(tags: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export function machineToWire(m: StateMachineRecord) {
  return {
    stateMachineArn: m.arn,
    name: m.name,
    status: 'ACTIVE',
    definition: m.definition,
    roleArn: m.roleArn,
    type: m.type,
    creationDate: seconds(m.creationDate),
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    tracingConfiguration: { enabled: false },
    revisionId: m.revisionId,
    ...(m.description ? { description: m.description } : {}),
  };
}

export function executionSummary(e: ExecutionRecord) {
  return {
    executionArn: e.arn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: seconds(e.startDate),
    ...(e.stopDate !== undefined ? { stopDate: seconds(e.stopDate) } : {}),
  };
}

export function executionToWire(e: ExecutionRecord) {
  return {
    ...executionSummary(e),
    input: e.input,
    inputDetails: { included: true },
    ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
  };
}

/** StartSyncExecution's answer; billing as AWS bills express workflows: per 100 ms, in 64 MB steps. */
export function syncExecutionToWire(e: SyncExecutionResult, traceHeader: string | undefined) {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    startDate: seconds(e.startDate),
    stopDate: seconds(e.stopDate),
    status: e.status,
    input: e.input,
    inputDetails: { included: true },
    ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
    ...(traceHeader !== undefined ? { traceHeader } : {}),
    billingDetails: {
      billedMemoryUsedInMB: 64,
      billedDurationInMilliseconds: Math.max(100, Math.ceil((e.stopDate - e.startDate) / 100) * 100),
    },
  };
}

const DATA_FIELDS = ['input', 'inputDetails', 'output', 'outputDetails', 'parameters'];

/** A history event as GetExecutionHistory returns it; without execution data if not asked for. */
export function eventToWire(event: HistoryEvent, includeData: boolean) {
  const details = event.details
    ? {
        [event.details.key]: includeData
          ? event.details.value
          : Object.fromEntries(Object.entries(event.details.value).filter(([k]) => !DATA_FIELDS.includes(k))),
      }
    : {};
  return {
    timestamp: seconds(event.timestamp),
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
    ...details,
  };
}

/** Page tokens are opaque to callers: a position, encoded. */
export function encodeToken(position: number): string {
  return Buffer.from(JSON.stringify({ p: position })).toString('base64url');
}

export function decodeToken(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { p?: unknown };
    if (typeof value.p === 'number') return value.p;
  } catch {
    // fall through
  }
  throw new InvalidTokenError(`Invalid Token: '${token}'`);
}

class InvalidTokenError extends ValidationException {}

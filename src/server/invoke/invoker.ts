import type { Clock } from '../../common/clock.js';
import { assertNever, ServiceError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { Account } from '../functions/names.js';
import type { InvocationResult, Outcome } from '../runtime/environment.js';
import { invocationLog, logTail } from '../runtime/invocation-log.js';
import type { Pool } from '../runtime/pool.js';
import type { FunctionCache } from './function-cache.js';
import type { InvocationObserver, InvocationRecord } from './invocation-record.js';
import type { LogSink } from './logs/log-types.js';
import { resolveInvocation, type InvocationTarget, type RoutingHints } from './resolution.js';
import { PoolTargets, type Unpacker } from './targets.js';
import type { CodeStore } from '../artifacts/code-store.js';

export interface InvokeRequest {
  functionName: string;
  qualifier: string | undefined;
  payload: Buffer;
  /** Also the function's `awsRequestId`. */
  requestId: string;
  invocationType: 'RequestResponse' | 'Event';
  tail: boolean;
  /** JSON text of the caller's client context (sync invocations only). */
  clientContext: string | undefined;
  /** Sticky routing key (header or cookie): hashed into the alias weights instead of a draw. */
  routingKey?: string | undefined;
  /** Reach this version whatever the alias weights (the caller has checked the right to). */
  pinnedVersion?: string | undefined;
}

export interface InvokeResult {
  executedVersion: string;
  body: Buffer;
  /** True when the function (or the platform on its behalf) failed: `X-Amz-Function-Error: Unhandled`. */
  functionError: boolean;
  /** Base64 of the last 4 KB of the log, when asked for. */
  logResult: string | undefined;
  /**
   * Event invocations only: resolves once the invocation's log is on disk (true), or was dropped
   * (false: a full data dir), so the queue deletes an event only after its log is durable.
   */
  logged?: Promise<boolean>;
}

export interface InvokerDeps {
  pool: Pool;
  cache: FunctionCache;
  code: Pick<CodeStore, 'unpackedPath'>;
  unpacker: Unpacker;
  /** Platform time, for the records metrics are computed from. */
  clock: Clock;
  /** The functions' clock (scaled under --time-scale), for log timestamps. */
  logClock: Clock;
  random: Random;
  /** Draws for weighted alias routing (a seeded one makes splits exact in tests). */
  routing: Random;
  log: Log;
  logs: LogSink;
  observer: InvocationObserver;
  account: Account;
}

/**
 * The invoke path: qualifier -> version (from memory, weighted for aliases) -> an environment
 * from the pool -> the result. Records and logs are written after the reply, off the hot path.
 */
export class Invoker {
  /** Bookkeeping for after the reply, as data: no closure per invocation. */
  private readonly pending: Bookkeeping[] = [];
  private readonly targets: PoolTargets;
  private readonly flush = (): void => this.runPending();
  /** The routing draw, made once rather than a closure per invocation. */
  private readonly draw: () => number;

  constructor(private readonly deps: InvokerDeps) {
    this.targets = new PoolTargets(deps.code);
    this.draw = () => deps.routing.next();
  }

  /** Resolves what an invocation would run (DryRun and Event use it to validate). */
  async target(functionName: string, qualifier: string | undefined): Promise<InvocationTarget> {
    const agg = await this.deps.cache.get(functionName);
    // Validation only: no draw, so the routing sequence stays that of real invocations.
    return resolveInvocation(agg, functionName, qualifier, this.deps.account, () => 0);
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const { deps } = this;
    const agg = deps.cache.peek(request.functionName) ?? (await deps.cache.get(request.functionName));
    const target = resolveInvocation(
      agg,
      request.functionName,
      request.qualifier,
      deps.account,
      this.draw,
      request.routingKey === undefined && request.pinnedVersion === undefined
        ? NO_HINTS
        : { key: request.routingKey, pinnedVersion: request.pinnedVersion },
    );
    const startedAt = deps.clock.now();
    // Unpacked already, as a warm invocation's code always is: no promise to wait for.
    const unpacking = deps.unpacker.ensure(target.config.code.sha256Hex);
    if (unpacking) await unpacking;
    let invocation;
    try {
      invocation = await deps.pool.invoke(
        this.targets.get(request.functionName, target.version, target.config),
        { reserved: agg!.fn.reservedConcurrency, totalReserved: deps.cache.totalReserved },
        {
          requestId: request.requestId,
          payload: request.payload.length > 0 ? request.payload : Buffer.from('{}'),
          invokedFunctionArn: target.invokedArn,
          traceId: this.traceId(startedAt),
          clientContext: request.clientContext,
          cognitoIdentity: undefined,
        },
      );
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'TooManyRequestsException') {
        this.later({
          kind: 'throttled',
          record: {
            functionName: request.functionName,
            qualifier: request.qualifier,
            executedVersion: target.version,
            startedAt,
            invocationType: request.invocationType,
            durationMs: 0,
            outcome: 'throttled',
            concurrentExecutions: deps.pool.busy(request.functionName),
            coldStart: false,
          },
        });
      }
      throw error;
    }
    const { result, coldStart, concurrentExecutions } = invocation;
    const { outcome } = result;
    const body =
      outcome.kind === 'platform-error' ? Buffer.from(JSON.stringify(outcome.payload)) : outcome.body;
    const failed = outcome.kind !== 'success';
    const text = request.tail ? logText(request, target, result) : undefined;
    const durable = request.invocationType === 'Event';
    let settleLog: ((written: Promise<boolean>) => void) | undefined;
    const logged = durable ? new Promise<boolean>((done) => (settleLog = done)) : undefined;
    const record: InvocationRecord = {
      functionName: request.functionName,
      qualifier: request.qualifier,
      executedVersion: target.version,
      startedAt,
      invocationType: request.invocationType,
      durationMs: result.durationMs,
      outcome: failed ? 'error' : 'success',
      concurrentExecutions,
      coldStart,
    };
    this.later({ kind: 'finished', request, target, result, text, durable, settleLog, record });
    return {
      executedVersion: target.version,
      body,
      functionError: failed,
      logResult: text === undefined ? undefined : logTail(text),
      ...(logged ? { logged } : {}),
    };
  }

  /** The log group an invocation of the function writes to (for lines the platform adds). */
  async logGroup(functionName: string, qualifier: string | undefined): Promise<string> {
    try {
      return (await this.target(functionName, qualifier)).config.logGroup ?? `/aws/lambda/${functionName}`;
    } catch {
      return `/aws/lambda/${functionName}`;
    }
  }

  /**
   * An X-Ray trace header: `Root=1-<epoch seconds hex>-<24 hex>;Parent=<16 hex>;Sampled=0`, its
   * random part cut from two UUIDs (Node hands those out of a pool it fills in bulk: cheaper than
   * asking for bytes on every call), their hex groups taken by position rather than by a regex.
   */
  private traceId(now: number): string {
    const seconds = Math.floor(now / 1000)
      .toString(16)
      .padStart(8, '0');
    const a = this.deps.random.uuid();
    const b = this.deps.random.uuid();
    // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: 8 + 4 + 4 + 4 + 12 hex digits.
    const root = a.slice(0, 8) + a.slice(9, 13) + a.slice(14, 18) + a.slice(19, 23) + a.slice(24, 28);
    return `Root=1-${seconds}-${root};Parent=${b.slice(0, 8)}${b.slice(24, 32)};Sampled=0`;
  }

  /** Runs bookkeeping after the reply has gone out, all that is due in one turn together. */
  private later(job: Bookkeeping): void {
    this.pending.push(job);
    if (this.pending.length === 1) setImmediate(this.flush);
  }

  private runPending(): void {
    for (const job of this.pending.splice(0)) {
      try {
        this.bookkeep(job);
      } catch (error) {
        this.deps.log.error('invocation bookkeeping failed', { error: String(error) });
      }
    }
  }

  private bookkeep(job: Bookkeeping): void {
    const { deps } = this;
    switch (job.kind) {
      case 'throttled':
        return deps.observer.record(job.record);
      case 'finished': {
        const { request, target, result } = job;
        let written: Promise<boolean>;
        try {
          written = deps.logs.append(
            {
              group: target.config.logGroup ?? `/aws/lambda/${request.functionName}`,
              version: target.version,
              stream: result.logStream,
              timestamp: deps.logClock.now(),
              text: job.text ?? logText(request, target, result),
            },
            job.durable,
          );
        } catch (error) {
          written = Promise.resolve(false);
          deps.log.error('could not log an invocation', { error: String(error) });
        }
        job.settleLog?.(written);
        // Read from the error's body here, off the reply's path.
        if (job.record.outcome === 'error') job.record.errorType = errorTypeOf(result.outcome);
        return deps.observer.record(job.record);
      }
      default:
        return assertNever(job);
    }
  }
}

const NO_HINTS: RoutingHints = {};

/** What is left to do once an invocation has been answered. */
type Bookkeeping =
  | { kind: 'throttled'; record: InvocationRecord }
  | {
      kind: 'finished';
      request: InvokeRequest;
      target: InvocationTarget;
      result: InvocationResult;
      /** The log's text, when the reply's tail needed it already. */
      text: string | undefined;
      durable: boolean;
      settleLog: ((written: Promise<boolean>) => void) | undefined;
      record: InvocationRecord;
    };

/** START, the function's output, END and REPORT, after the init's output on a cold start. */
function logText(request: InvokeRequest, target: InvocationTarget, result: InvocationResult): string {
  const { outcome } = result;
  return (
    result.initOutput +
    invocationLog({
      requestId: request.requestId,
      version: target.version,
      output: result.output,
      durationMs: result.durationMs,
      memorySizeMb: target.config.memorySize,
      // Read now: after the reply, unless the reply's tail carries the log.
      maxMemoryUsedMb: result.memory.mb(),
      initDurationMs: result.initDurationMs,
      ...(outcome.kind === 'platform-error'
        ? {
            status: outcome.timedOut
              ? { kind: 'timeout' as const }
              : { kind: 'error' as const, errorType: outcome.payload.errorType },
          }
        : {}),
    })
  );
}

function errorTypeOf(outcome: Outcome): string {
  if (outcome.kind === 'platform-error') return outcome.payload.errorType;
  if (outcome.kind === 'success') return '';
  try {
    const parsed = JSON.parse(outcome.body.toString('utf8')) as { errorType?: unknown };
    return typeof parsed.errorType === 'string' ? parsed.errorType : 'Unhandled';
  } catch {
    return 'Unhandled';
  }
}

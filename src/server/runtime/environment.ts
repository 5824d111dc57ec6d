import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monotonicNow, type Timer } from '../../common/clock.js';
import type { EnvironmentCgroup } from './cgroup.js';
import type {
  EnvironmentDeps,
  EnvironmentSpec,
  InvocationRequest,
  InvocationResult,
  MemoryReading,
  Outcome,
} from './environment-types.js';
import {
  decodeExit,
  exitError,
  invalidEntrypoint,
  outOfMemory,
  responseTooLarge,
  timedOut,
  type ErrorPayload,
} from './failure-payloads.js';
import { place, type Placement } from './environment-place.js';
import { logStreamName } from './function-env.js';
import { rehearsalTimeoutHint } from './function-time.js';
import { RuntimeApi, type RuntimeApiListener } from './runtime-api.js';
import { NO_PROCESS, PeakMemory } from './peak-memory.js';
import { killProcessTree, removeCgroupSoon, spawnRuntime } from './runtime-process.js';

export type {
  EnvironmentDeps,
  EnvironmentSpec,
  InvocationRequest,
  InvocationResult,
  Outcome,
} from './environment-types.js';

type State = 'cold' | 'starting' | 'idle' | 'busy' | 'stopped';

type InitResult = { ok: true } | { ok: false; failure: (requestId: string) => Outcome };

const MiB = 1024 * 1024;
const MAX_OUTPUT_CHARS = 1024 * 1024;
/** How long after a cold start the stocks of namespaces and /tmp volumes are made up. */
const REFILL_DELAY_MS = 100;
/** Lambda's quota: 1,024 processes and threads per execution environment. */
const PIDS_MAX = 1024;

/**
 * One execution environment: a slot holding at most one sandboxed runtime process for one
 * (function, version), serving one invocation at a time through its Runtime API. When the
 * process dies (timeout, crash, memory) the slot goes cold and the next invocation starts a new
 * process in it, with the same /tmp, as in Lambda.
 */
export class Environment implements RuntimeApiListener {
  readonly id: string;
  private state: State = 'cold';
  private readonly api = new RuntimeApi(this);
  /** The environment's host directory; its /tmp, network and socket once placed. */
  private readonly dir: string;
  private placement: Promise<Placement> | undefined;
  private readonly streamName: string;
  private child: ChildProcess | undefined;
  private cgroup: EnvironmentCgroup | undefined;
  /** The current (or last) process's peak memory, which REPORT reads once the reply has gone. */
  private memory: MemoryReading = NO_PROCESS;
  private generation = 0;
  private initialization: 'on-demand' | 'provisioned-concurrency' = 'on-demand';
  private output = '';
  private initOutput = '';
  private startedAt = 0;
  private initDurationMs: number | undefined;
  private initDone: ((result: InitResult) => void) | undefined;
  private ready: Promise<InitResult> | undefined;
  private initTimer: Timer | undefined;
  private current:
    { requestId: string; settle: (outcome: Outcome) => void; timer: Timer | undefined } | undefined;
  private killedByUs = false;
  lastUsedAt: number;
  /** Called once the slot is stopped for good. */
  onStopped: () => void = () => {};
  /** Called when an initialisation ends, however it ends (the pool's cap on starts at once). */
  onInitFinished: () => void = () => {};

  constructor(
    readonly spec: EnvironmentSpec,
    private readonly deps: EnvironmentDeps,
  ) {
    this.id = deps.random.hex(8);
    this.dir = join(deps.tmpRoot, 'envs', this.id);
    this.streamName = logStreamName(deps.clock.now(), spec.version, deps.random.hex(16));
    this.lastUsedAt = deps.clock.now();
  }

  get status(): State {
    return this.state;
  }

  /** Starts the process without an invocation (provisioned concurrency, prewarming). */
  async prewarm(initLimitMs: number): Promise<boolean> {
    this.initialization = 'provisioned-concurrency';
    if (this.state !== 'cold') return this.state !== 'stopped';
    const init = await this.start(initLimitMs);
    if (init.ok && (this.state as State) === 'starting') this.state = 'idle';
    this.refillSoon();
    return init.ok;
  }

  /**
   * Runs one invocation. The caller (the pool) has marked this environment busy; it is released
   * (idle, or cold after a failure) by the time the promise settles.
   */
  async invoke(request: InvocationRequest): Promise<InvocationResult> {
    if (this.state === 'stopped') throw new Error('environment is stopped');
    const cold = this.state === 'cold';
    this.state = 'busy';
    this.output = '';
    if (cold) this.initOutput = '';
    const began = monotonicNow();
    let init: InitResult = { ok: true };
    if (cold) {
      init = await this.start(this.deps.initLimitMs);
      if (!init.ok && this.initTimedOut) {
        // Lambda retries an init that overran its 10 s during the invocation, under the
        // function's own timeout.
        this.appendInitOutput(this.takeOutput());
        init = await this.start(this.spec.timeoutSeconds * 1000);
      }
      this.appendInitOutput(this.takeOutput());
    } else if (this.ready) {
      init = await this.ready;
    }
    const initDurationMs = cold ? this.initDurationMs : undefined;
    let outcome: Outcome;
    const invokeStart = monotonicNow();
    if (!init.ok) {
      outcome = init.failure(request.requestId);
      await this.kill();
    } else {
      outcome = await this.run(request);
    }
    // Measured on the functions' clock: under --time-scale, what the function itself saw.
    const scale = this.deps.functionTime.scale;
    const durationMs = (init.ok ? monotonicNow() - invokeStart : monotonicNow() - began) * scale;
    const result: InvocationResult = {
      outcome,
      output: this.takeOutput(),
      initOutput: cold ? this.initOutput : '',
      durationMs,
      initDurationMs,
      memory: this.memory,
      logStream: this.streamName,
    };
    this.lastUsedAt = this.deps.clock.now();
    if (this.state === 'busy') this.state = this.child ? 'idle' : 'cold';
    if (cold) this.refillSoon();
    return result;
  }

  /** Stops the process (if any) and retires the slot. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.current?.settle(this.platformError(exitError(this.current.requestId, null, 'SIGKILL'), false));
    await this.kill();
    const placed = await this.placement?.catch(() => undefined);
    if (placed) await placed.release();
    else await this.api.close();
    this.onStopped();
  }

  // --- Runtime API events -------------------------------------------------------------------

  onNext(): void {
    if (this.initDone) {
      this.initDurationMs = (monotonicNow() - this.startedAt) * this.deps.functionTime.scale;
      this.finishInit({ ok: true });
    }
  }

  onResponse(requestId: string, body: Buffer): void {
    this.settleCurrent(requestId, { kind: 'success', body });
  }

  onError(requestId: string, body: Buffer): void {
    this.settleCurrent(requestId, { kind: 'function-error', body });
  }

  onInitError(body: Buffer): void {
    this.finishInit({ ok: false, failure: () => ({ kind: 'function-error', body }) });
    void this.kill();
  }

  onResponseTooLarge(requestId: string): void {
    this.settleCurrent(requestId, this.platformError(responseTooLarge(), false));
  }

  now(): number {
    return this.deps.functionTime.clock.now();
  }

  // --- internals ----------------------------------------------------------------------------

  private initTimedOut = false;

  private platformError(payload: ErrorPayload, timedOutFlag: boolean): Outcome {
    return { kind: 'platform-error', payload, timedOut: timedOutFlag };
  }

  private takeOutput(): string {
    const out = this.output;
    this.output = '';
    return out;
  }

  private appendInitOutput(text: string): void {
    this.initOutput += text;
  }

  private settleCurrent(requestId: string, outcome: Outcome): void {
    const current = this.current;
    if (!current || current.requestId !== requestId) return;
    this.current = undefined;
    current.timer?.cancel();
    current.settle(outcome);
  }

  private finishInit(result: InitResult): void {
    const done = this.initDone;
    if (!done) return;
    this.initDone = undefined;
    this.initTimer?.cancel();
    done(result);
    this.onInitFinished();
  }

  /**
   * Prepares the next environment's namespace and /tmp once this cold start and its invocation
   * are over, so making them takes no CPU from either.
   */
  private refillSoon(): void {
    const { networks, volumes } = this.deps;
    if (!networks && !volumes) return;
    this.deps.clock.setTimer(REFILL_DELAY_MS, () => {
      networks?.refill();
      volumes?.refill();
    });
  }

  /** Delivers the event and waits for the runtime's answer, the deadline, or the process's end. */
  private run(request: InvocationRequest): Promise<Outcome> {
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const clock = this.deps.functionTime.clock;
    return new Promise<Outcome>((settle) => {
      const timer = clock.setTimer(timeoutMs, () => {
        if (this.current?.requestId !== request.requestId) return;
        this.current = undefined;
        const outcome = this.platformError(timedOut(request.requestId, this.spec.timeoutSeconds), true);
        // Settle once the process is gone, so the slot is seen cold, not idle.
        void this.kill().then(() => {
          this.output += `${new Date(clock.now()).toISOString()} ${request.requestId} Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds\n`;
          this.output += rehearsalTimeoutHint(this.spec.timeoutSeconds, this.deps.functionTime.scale);
          settle(outcome);
        });
      });
      this.current = { requestId: request.requestId, settle, timer };
      this.api.deliver({ ...request, deadlineMs: clock.now() + timeoutMs });
    }).then(async (outcome) => {
      // Let output written just before the answer arrive (stdout and the API are separate pipes).
      await new Promise((resolve) => setImmediate(resolve));
      return outcome;
    });
  }

  /** Spawns the runtime process and waits for its first `/next`, an init error, or its end. */
  private async start(initLimitMs: number): Promise<InitResult> {
    this.state = this.state === 'busy' ? 'busy' : 'starting';
    this.initTimedOut = false;
    this.generation += 1;
    let placed: Placement;
    try {
      // Before the placement: a first start that finds no interpreter has nothing to give back.
      await this.deps.launchers.prepare(this.spec.runtime);
      this.placement ??= place(this.deps, this.spec, this.dir, this.api);
      placed = await this.placement;
    } catch (error) {
      this.placement = undefined;
      this.deps.log.error('could not prepare an execution environment', { error: String(error) });
      return { ok: false, failure: (id) => this.platformError(exitError(id, null, 'SIGKILL'), false) };
    }
    this.api.reset();
    const { spec, deps } = this;
    const codeDir = spec.codeDir;
    const taskRoot = deps.sandbox.taskRoot(codeDir);
    if (spec.runtime.startsWith('provided') && !existsSync(join(codeDir, 'bootstrap'))) {
      const tried = [`${taskRoot}/bootstrap`, '/opt/bootstrap'];
      return { ok: false, failure: (id) => this.platformError(invalidEntrypoint(id, tried), false) };
    }
    this.cgroup = deps.cgroups?.create(`${this.id}-${this.generation}`, {
      memoryBytes: spec.memorySize * MiB,
      pidsMax: PIDS_MAX,
    });
    this.ready = new Promise<InitResult>((resolve) => (this.initDone = resolve));
    this.startedAt = monotonicNow();
    this.killedByUs = false;
    const { child, interpreter } = spawnRuntime({
      spec,
      deps,
      placement: placed,
      logStreamName: this.streamName,
      initialization: this.initialization,
      cgroup: this.cgroup,
    });
    this.child = child;
    const memory = new PeakMemory(this.cgroup, child.pid);
    this.memory = memory;
    // Lambda's first line of a cold start, saying honestly what runs the runtime name here.
    this.output += `INIT_START Runtime Version: ${spec.runtime}\tRuntime: ${interpreter}\n`;
    const collect = (chunk: string): void => {
      if (this.output.length < MAX_OUTPUT_CHARS) this.output += chunk;
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    child.once('error', (error) => {
      this.deps.log.error('could not start a runtime process', { error: String(error) });
    });
    const cgroup = this.cgroup;
    child.once('exit', (code, signal) => this.exited(child, cgroup, memory, code, signal));
    this.initTimer = deps.clock.setTimer(initLimitMs, () => {
      this.initTimedOut = true;
      const seen = initLimitMs * deps.functionTime.scale;
      this.output += `INIT_REPORT Init Duration: ${seen.toFixed(2)} ms\tPhase: init\tStatus: timeout\n`;
      this.finishInit({
        ok: false,
        failure: (id) => this.platformError(timedOut(id, initLimitMs / 1000), true),
      });
      void this.kill();
    });
    return this.ready;
  }

  private exited(
    child: ChildProcess,
    cgroup: EnvironmentCgroup | undefined,
    memory: PeakMemory,
    rawCode: number | null,
    rawSignal: NodeJS.Signals | null,
  ): void {
    const { code, signal } = decodeExit(rawCode, rawSignal, this.deps.sandbox.mode === 'bwrap');
    const oom =
      !this.killedByUs &&
      ((cgroup?.oomKills() ?? 0) > 0 || /JavaScript heap out of memory/.test(this.output));
    const failure = (id: string): Outcome =>
      this.platformError(oom ? outOfMemory(id, code, signal) : exitError(id, code, signal), false);
    memory.end();
    if (child.pid !== undefined) this.deps.functionTime.release(child.pid);
    // Output written just before the end may still be in the pipe.
    setImmediate(() => {
      if (cgroup) removeCgroupSoon(cgroup, this.deps.clock);
      // A process replaced already (killed on an init timeout, then restarted) changes nothing.
      if (this.child !== child) return;
      this.child = undefined;
      this.api.reset();
      if (this.state === 'idle' || this.state === 'starting') this.state = 'cold';
      this.finishInit({ ok: false, failure });
      const current = this.current;
      if (current) {
        this.current = undefined;
        current.timer?.cancel();
        current.settle(failure(current.requestId));
      }
    });
  }

  /** Kills the process and everything it started; resolves when it has exited. */
  private kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    this.killedByUs = true;
    return killProcessTree(child, this.cgroup);
  }
}

import type { Clock, Timer } from '../../common/clock.js';
import { every, SOLE_NODE_LEASES, type Leases } from '../cluster/leases.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { DeployStore } from './store.js';
import { deploymentId, hookExecutionId } from './ids.js';
import type { Deployment } from './model.js';
import { isTerminal } from './model.js';
import type { JudgeInput } from './judge/checks.js';
import { judgeWindows } from './judge-window.js';
import type { Effect, Observations } from './observations.js';
import type { DeployPorts } from './ports.js';
import { RunLimiter } from './run-limiter.js';
import { step } from './step.js';

export interface EngineDeps {
  store: DeployStore;
  clock: Clock;
  random: Random;
  log: Log;
  ports: DeployPorts;
  /** In a cluster: the leases that make one node the driver of each deployment. */
  cluster?: DeployCluster;
}

export interface DeployCluster {
  leases: Leases;
  wallClock: Clock;
  /** How often active deployments nobody drives are looked for (wall ms): a dead driver's. */
  scanEveryMs: number;
}

export type DeploymentListener = (deployment: Deployment) => void;

/** Lease names: one per deployment. */
const LEASE_PREFIX = 'deployment:';

/** Immediate re-steps in a row before yielding (an alias change is followed by one). */
const MAX_IMMEDIATE_STEPS = 50;
/** Deployments stepping at once; the others wait their turn (see RunLimiter). */
const STEPPING_AT_ONCE = 32;

/**
 * The only impure part of deployments. For each active deployment: read it, observe the world,
 * `step` it, persist the result (and any rollback it spawns) in one transaction, then carry out
 * the effects and sleep until `wakeAt` — or until an alarm changes, a hook reports or a stop is
 * requested, which wake it at once. Work on one deployment is serialized; every write bumps
 * `rev`, so a step decided on a stale copy is detected and redone.
 */
export class DeployEngine {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, Timer>();
  private readonly listeners = new Set<DeploymentListener>();
  private unsubscribe: (() => void)[] = [];
  private closed = false;
  private readonly leases: Leases;
  private readonly stepping = new RunLimiter(STEPPING_AT_ONCE);

  constructor(private readonly deps: EngineDeps) {
    this.leases = deps.cluster?.leases ?? SOLE_NODE_LEASES;
  }

  /** Resumes every deployment that was active when the server stopped (or that nobody drives). */
  async start(): Promise<void> {
    this.unsubscribe.push(this.deps.ports.alarms.onChange((name) => void this.onAlarm(name)));
    await this.resumeUndriven();
    const cluster = this.deps.cluster;
    if (cluster) {
      this.unsubscribe.push(
        every(cluster.wallClock, cluster.scanEveryMs, () => this.resumeUndriven()),
        cluster.leases.onLost((resource) => {
          if (resource.startsWith(LEASE_PREFIX)) this.clearTimer(resource.slice(LEASE_PREFIX.length));
        }),
      );
    }
  }

  /**
   * Another node changed a deployment (a stop, a hook's report, a continue): its driver steps it.
   * A deployment no node drives yet is taken by the next scan.
   */
  changedElsewhere(id: string): void {
    if (this.leases.holds(LEASE_PREFIX + id)) void this.kick(id);
  }

  /** Deployments this node drives now. */
  driving(ids: readonly string[]): string[] {
    return ids.filter((id) => this.leases.holds(LEASE_PREFIX + id));
  }

  private async resumeUndriven(): Promise<void> {
    const ids = await this.deps.store.read((r) => r.activeDeploymentIds());
    for (const id of ids) {
      if (!this.chains.has(id) && !this.timers.has(id)) void this.kick(id);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    await Promise.allSettled([...this.chains.values()]);
  }

  /** Resolves once no deployment has work queued (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  onChange(listener: DeploymentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  newDeploymentId(): string {
    return deploymentId(this.deps.random);
  }

  /** Steps the deployment now (after whatever is already queued for it). Never rejects. */
  kick(id: string): Promise<void> {
    return this.enqueue(id, () => this.stepping.run(() => this.run(id))).catch((error: unknown) =>
      this.deps.log.error('deployment step failed', { deployment: id, error: String(error) }),
    );
  }

  /**
   * Changes a deployment from outside (a hook report, a stop request) in order with the engine's
   * own work, then steps it. `change` returns the new state, or throws to refuse.
   */
  update(id: string, change: (current: Deployment) => Deployment): Promise<Deployment> {
    return this.enqueue(id, async () => {
      const updated = await this.deps.store.transact((reader) => {
        const current = reader.deployment(id);
        if (!current) throw new Error(`no deployment ${id}`);
        const next = { ...change(current), rev: current.rev + 1 };
        return { changes: [{ kind: 'putDeployment', deployment: next }], result: next };
      });
      this.emit(updated);
      await this.stepping.run(() => this.run(id));
      return (await this.deps.store.read((r) => r.deployment(id))) ?? updated;
    });
  }

  /** Runs `work` after everything queued for the deployment; its failure goes to the caller only. */
  private enqueue<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const result = previous.then(() => {
      if (this.closed) throw new Error('the deployment engine is shutting down');
      return work();
    });
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(id, settled);
    void settled.then(() => {
      if (this.chains.get(id) === settled) this.chains.delete(id);
    });
    return result;
  }

  private async onAlarm(name: string): Promise<void> {
    const active = await this.deps.store.read((r) => r.activeDeploymentIds().map((id) => r.deployment(id)!));
    for (const d of active) if (d.alarms.enabled && d.alarms.alarms.includes(name)) void this.kick(d.id);
  }

  private emit(d: Deployment): void {
    for (const listener of this.listeners) listener(d);
  }

  private async run(id: string): Promise<void> {
    const { store, clock, random } = this.deps;
    const lease = LEASE_PREFIX + id;
    // Another node drives it: that node steps it (and this one takes over if it dies).
    if (!(await this.leases.acquire(lease))) return this.clearTimer(id);
    for (let i = 0; i < MAX_IMMEDIATE_STEPS && !this.closed; i++) {
      const d = await store.read((r) => r.deployment(id));
      if (!d || isTerminal(d)) {
        this.clearTimer(id);
        return this.leases.release(lease);
      }
      const observations = await this.observe(d);
      const now = clock.now();
      const result = step(d, observations, {
        now,
        newExecutionId: () => hookExecutionId(random),
        newDeploymentId: () => deploymentId(random),
      });
      const next = { ...result.next, rev: d.rev + 1 };
      const saved = await store.transact((r) => {
        if (r.deployment(id)?.rev !== d.rev) return { changes: [], result: false };
        const changes = [{ kind: 'putDeployment' as const, deployment: next }];
        if (result.spawn) changes.push({ kind: 'putDeployment', deployment: result.spawn });
        return { changes, result: true };
      });
      if (!saved) continue; // changed under us: step again on the fresh copy
      this.emit(next);
      // Deposed while deciding: the new driver carries the step out (it observes, then acts).
      if (!this.leases.holds(lease)) return this.clearTimer(id);
      if (result.spawn) {
        this.emit(result.spawn);
        void this.kick(result.spawn.id);
      }
      for (const effect of result.effects) {
        if (!this.leases.holds(lease)) return this.clearTimer(id);
        await this.carryOut(next, effect);
      }
      if (result.wakeAt === undefined) return this.clearTimer(id);
      if (result.wakeAt > clock.now() && result.effects.length === 0) return this.schedule(id, result.wakeAt);
    }
  }

  private schedule(id: string, at: number): void {
    this.clearTimer(id);
    this.timers.set(
      id,
      this.deps.clock.setTimer(at - this.deps.clock.now(), () => {
        this.timers.delete(id);
        void this.kick(id);
      }),
    );
  }

  private clearTimer(id: string): void {
    this.timers.get(id)?.cancel();
    this.timers.delete(id);
  }

  private async observe(d: Deployment): Promise<Observations> {
    const { ports } = this.deps;
    const spec = d.spec;
    const alarms = d.alarms.enabled && !d.isRollback ? await ports.alarms.states(d.alarms.alarms) : {};
    if (!spec)
      return {
        alias: undefined,
        versionsExist: { current: false, target: false },
        alarms,
        invocations: { current: 0, target: 0 },
      };
    const [alias, current, target] = await Promise.all([
      ports.aliases.get(spec.functionName, spec.alias),
      ports.aliases.versionExists(spec.functionName, spec.currentVersion),
      ports.aliases.versionExists(spec.functionName, spec.targetVersion),
    ]);
    const since = d.phase.kind === 'shifting' ? d.phase.appliedAt : undefined;
    const invocations =
      since === undefined
        ? { current: 0, target: 0 }
        : {
            current: await ports.traffic.invocations(
              spec.functionName,
              spec.alias,
              spec.currentVersion,
              since,
            ),
            target: await ports.traffic.invocations(spec.functionName, spec.alias, spec.targetVersion, since),
          };
    const judge = await this.observeForJudge(d);
    return { alias, versionsExist: { current, target }, alarms, invocations, ...(judge ? { judge } : {}) };
  }

  /** Both versions over the same windows through the alias, for the judge (see judge-window.ts). */
  private async observeForJudge(d: Deployment): Promise<JudgeInput | undefined> {
    const windows = judgeWindows(d, this.deps.clock.now());
    if (!windows || !d.spec || !d.options.judge) return undefined;
    const { traffic } = this.deps.ports;
    const { functionName, alias, currentVersion, targetVersion } = d.spec;
    const metrics = d.options.judge.metrics;
    const [current, target, strata] = await Promise.all([
      traffic.sample(functionName, alias, currentVersion, windows.from, windows.to, metrics),
      traffic.sample(functionName, alias, targetVersion, windows.from, windows.to, metrics),
      Promise.all(
        windows.steps.map(async (w) => ({
          current: await traffic.counts(functionName, alias, currentVersion, w.from, w.to),
          target: await traffic.counts(functionName, alias, targetVersion, w.from, w.to),
        })),
      ),
    ]);
    return { current, target, strata };
  }

  /** Carries out one effect; a failure is written back so the next step can decide on it. */
  private async carryOut(d: Deployment, effect: Effect): Promise<void> {
    const { ports, log } = this.deps;
    try {
      switch (effect.kind) {
        case 'setAlias':
          await ports.aliases.set(effect.functionName, effect.alias, effect.functionVersion, effect.weights);
          return;
        case 'prewarm':
          ports.prewarm
            .prewarm(effect.functionName, effect.version, effect.like)
            .catch((error: unknown) =>
              log.warn('prewarm failed', { deployment: d.id, error: String(error) }),
            );
          return;
        case 'invokeHook':
          await ports.hooks.invokeAsync(effect.functionName, effect.payload);
          await this.patch(d.id, (cur) => ({
            ...cur,
            hookExecutions: {
              ...cur.hookExecutions,
              [effect.executionId]: { ...cur.hookExecutions[effect.executionId]!, invoked: true },
            },
          }));
          return;
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn('deployment effect failed', { deployment: d.id, effect: effect.kind, error: reason });
      if (effect.kind === 'invokeHook') {
        await this.patch(d.id, (cur) => ({
          ...cur,
          hookExecutions: {
            ...cur.hookExecutions,
            [effect.executionId]: {
              ...cur.hookExecutions[effect.executionId]!,
              status: 'Failed',
              failure: `CodeDeploy could not invoke the hook ${effect.functionName}: ${reason}`,
            },
          },
        }));
      } else if (effect.kind === 'setAlias') {
        await this.patch(d.id, (cur) => ({
          ...cur,
          fault: {
            code: 'INVALID_LAMBDA_FUNCTION',
            message: `The alias ${effect.functionName}:${effect.alias} could not be updated: ${reason}`,
          },
        }));
      }
    }
  }

  /** A write inside the engine's own chain (the caller already holds the deployment's turn). */
  private async patch(id: string, change: (current: Deployment) => Deployment): Promise<void> {
    const next = await this.deps.store.transact((reader) => {
      const current = reader.deployment(id);
      if (!current) return { changes: [], result: undefined };
      const updated = { ...change(current), rev: current.rev + 1 };
      return { changes: [{ kind: 'putDeployment', deployment: updated }], result: updated };
    });
    if (next) this.emit(next);
  }
}

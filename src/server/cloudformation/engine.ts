import type { Clock } from '../../common/clock.js';
import { KeyedRunner } from '../../common/keyed-runner.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { WakeTimer } from '../../common/wake-timer.js';
import type { StackEvent, StackRecord } from './model.js';
import type { Outcome, StackPorts } from './ports.js';
import type { Effect } from './step-context.js';
import { step, type Observation } from './step.js';
import type { CfnStore } from './store.js';

export interface StackEngineDeps {
  store: CfnStore;
  clock: Clock;
  random: Random;
  log: Log;
  ports: StackPorts;
  region: string;
  accountId: string;
  /** The HTTP gateway's port once it listens (for outputs naming an API's address). */
  gatewayPort?: () => number;
}

export type StackListener = (stack: StackRecord, events: readonly StackEvent[]) => void;

const MAX_IMMEDIATE_STEPS = 50;

/**
 * The durable part of CloudFormation, and its only impure one. For each stack with an operation:
 * read it, `step` it with what providers answered, save the stack and its events in one
 * transaction, then make the provider calls it asked for, in the background; each answer comes
 * back as an observation. Waits (a CodeDeploy deployment under way) are rows looked at by one
 * timer. After kill -9, `start` resumes every operation: calls in flight are made again.
 */
export class StackEngine {
  private readonly runner = new KeyedRunner();
  private readonly wake: WakeTimer;
  private readonly listeners = new Set<StackListener>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: StackEngineDeps) {
    this.wake = new WakeTimer(deps.clock, () => void this.wakeDue());
  }

  async start(): Promise<void> {
    const busy = await this.deps.store.read((r) => r.busyStackIds());
    for (const id of busy) void this.kick(id, [{ kind: 'resume' }]);
    await this.scheduleNext();
  }

  /** Stops stepping; provider calls in flight finish first (their answers are saved on resume). */
  async close(): Promise<void> {
    this.wake.cancel();
    await Promise.allSettled([...this.inFlight]);
    await this.runner.close();
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.runner.idle();
  }

  /** Makes every stack waiting on a change look at it now (a deployment it may follow has ended). */
  async pollWaiting(): Promise<void> {
    const busy = await this.deps.store.read((r) => r.busyStackIds());
    await Promise.all(busy.map((id) => this.kick(id, [{ kind: 'pollNow' }])));
  }

  onChange(listener: StackListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Steps the stack with `observations`, after whatever is queued for it. Never rejects. */
  kick(stackId: string, observations: Observation[]): Promise<void> {
    return this.runner
      .enqueue(stackId, () => this.run(stackId, observations))
      .catch((error: unknown) =>
        this.deps.log.error('stack step failed', { stack: stackId, error: String(error) }),
      );
  }

  private async run(stackId: string, observations: Observation[]): Promise<void> {
    const { store, clock, random } = this.deps;
    const pending = observations;
    for (let i = 0; i < MAX_IMMEDIATE_STEPS; i++) {
      const current = await store.read((r) => r.stack(stackId));
      if (!current?.operation) return;
      const exports = await this.exports();
      const result = step(current, pending, {
        now: clock.now(),
        newEventId: () => random.uuid(),
        region: this.deps.region,
        accountId: this.deps.accountId,
        ...(this.deps.gatewayPort ? { gatewayPort: this.deps.gatewayPort() } : {}),
        exported: (name) => exports.get(name),
      });
      const next = { ...result.next, rev: current.rev + 1 };
      const saved = await store.transact((r) => {
        if (r.stack(stackId)?.rev !== current.rev) return { changes: [], result: false };
        return {
          changes: [
            { kind: 'putStack', stack: next },
            { kind: 'appendEvents', events: result.events },
          ],
          result: true,
        };
      });
      if (!saved) continue;
      for (const listener of this.listeners) listener(next, result.events);
      for (const effect of result.effects) this.carryOut(stackId, next, effect);
      if (result.wakeAt !== undefined) this.wake.at(result.wakeAt);
      return;
    }
  }

  private async exports(): Promise<Map<string, string>> {
    const stacks = await this.deps.store.read((r) => r.stacks());
    const out = new Map<string, string>();
    for (const s of stacks)
      if (s.status !== 'DELETE_COMPLETE')
        for (const o of s.outputs) if (o.exportName) out.set(o.exportName, o.value);
    return out;
  }

  private carryOut(stackId: string, stack: StackRecord, effect: Effect): void {
    const phase = stack.operation!.phase;
    const provider = this.deps.ports.provider(effect.request.type);
    const logicalId = effect.request.logicalId;
    const call = async (): Promise<Outcome | undefined> => {
      if (!provider) return { kind: 'failed', reason: `gradual has no provider for ${effect.request.type}` };
      switch (effect.kind) {
        case 'apply':
          return provider.apply(effect.request);
        case 'poll':
          return provider.poll
            ? provider.poll(effect.request, effect.token)
            : { kind: 'failed', reason: 'cannot be checked' };
        case 'cancel':
          await provider.cancel?.(effect.request, effect.token);
          return undefined;
      }
    };
    const work = call()
      .catch((error: unknown): Outcome => ({
        kind: 'failed',
        reason: error instanceof Error ? error.message : String(error),
      }))
      .then((outcome) => {
        if (outcome) void this.kick(stackId, [{ kind: 'outcome', logicalId, phase, outcome }]);
      });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async wakeDue(): Promise<void> {
    const due = await this.deps.store.read((r) => r.dueStackIds(this.deps.clock.now()));
    await Promise.all(due.map((id) => this.kick(id, [])));
    await this.scheduleNext();
  }

  private async scheduleNext(): Promise<void> {
    if (this.runner.isClosed) return;
    const next = await this.deps.store.read((r) => r.nextWake());
    if (next !== undefined) this.wake.at(next);
  }
}

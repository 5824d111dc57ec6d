import type { Clock, Timer } from '../../../common/clock.js';
import type { Log } from '../../../common/log.js';
import { SOLE_NODE_LEASES, type Leases } from '../../cluster/leases.js';
import { Distribution } from '../distribution.js';
import type { MetricService } from '../metric-service.js';
import { statValue } from '../statistics.js';
import { alarmRule } from './alarm-rules.js';
import type { AlarmService } from './alarm-service.js';
import { evaluateAlarm, type PeriodDatapoint } from './evaluate.js';

export interface AlarmWatcherDeps {
  alarms: AlarmService;
  metrics: MetricService;
  clock: Clock;
  /** Paces data-triggered evaluations in real time; the platform clock by default. */
  wallClock?: Clock;
  log: Log;
  /** In a cluster: one node (the holder of the `alarm-evaluation` lease) evaluates alarms. */
  leases?: Leases;
}

/** The lease of the node that evaluates alarms. */
export const ALARM_EVALUATION_LEASE = 'alarm-evaluation';

export interface AlarmWatcherOptions {
  /**
   * Least wall time between two data-triggered evaluations of one alarm: under steady traffic an
   * alarm is judged at most this often (the first datapoint after a quiet spell, at once).
   */
  minDataGapMs: number;
}

/**
 * Runs alarm evaluation: at each alarm's period boundary, and whenever new data for its metric
 * arrives, so a breaching datapoint moves the alarm within a moment rather than at the end of the
 * period. Evaluations run one at a time; alarms that become due meanwhile are coalesced.
 */
export class AlarmWatcher {
  private readonly dirty = new Set<string>();
  /** Alarm -> wall time its last evaluation started. */
  private readonly lastRun = new Map<string, number>();
  /** Alarms with new data that were evaluated too recently, and when they are due. */
  private readonly deferred = new Map<string, number>();
  private deferTimer: Timer | undefined;
  private readonly wall: Clock;
  /** Alarm -> start (ms) of the last period whose boundary was evaluated. */
  private readonly boundaries = new Map<string, number>();
  private running: Promise<void> | undefined;
  private timer: Timer | undefined;
  private unsubscribe: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly deps: AlarmWatcherDeps,
    private readonly options: AlarmWatcherOptions = { minDataGapMs: 100 },
  ) {
    this.wall = deps.wallClock ?? deps.clock;
  }

  start(): void {
    this.unsubscribe.push(
      this.deps.metrics.onData((keys) => {
        for (const key of keys) for (const name of this.deps.alarms.watching(key)) this.soon(name);
        this.kick();
      }),
      this.deps.alarms.onConfigChange((name) => {
        this.boundaries.delete(name);
        this.schedule();
      }),
    );
    this.schedule();
  }

  /** Evaluates the named alarms (all by default) now. */
  evaluate(names: Iterable<string> = this.deps.alarms.all().map((a) => a.config.name)): Promise<void> {
    for (const name of names) this.dirty.add(name);
    this.kick();
    return this.idle();
  }

  /** Evaluates what is waiting (paced evaluations included, now) and resolves once none is left. */
  async idle(): Promise<void> {
    for (const name of this.deferred.keys()) this.dirty.add(name);
    this.deferred.clear();
    this.kick();
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timer?.cancel();
    this.deferTimer?.cancel();
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    await this.idle();
  }

  /** New data for an alarm: evaluate now, or once its pacing gap has passed. */
  private soon(name: string): void {
    const now = this.wall.now();
    const last = this.lastRun.get(name);
    if (last === undefined || now - last >= this.options.minDataGapMs) {
      this.dirty.add(name);
      return;
    }
    if (!this.deferred.has(name)) this.deferred.set(name, last + this.options.minDataGapMs);
    if (!this.deferTimer) {
      const due = Math.min(...this.deferred.values());
      this.deferTimer = this.wall.setTimer(due - now, () => this.releaseDeferred());
    }
  }

  private releaseDeferred(): void {
    this.deferTimer = undefined;
    const now = this.wall.now();
    for (const [name, due] of this.deferred) {
      if (due > now) continue;
      this.deferred.delete(name);
      this.dirty.add(name);
    }
    if (this.deferred.size > 0 && !this.closed) {
      const due = Math.min(...this.deferred.values());
      this.deferTimer = this.wall.setTimer(due - now, () => this.releaseDeferred());
    }
    this.kick();
  }

  private kick(): void {
    if (this.running || this.dirty.size === 0 || this.closed) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.dirty.size > 0) {
      const names = [...this.dirty];
      this.dirty.clear();
      for (const name of names) {
        try {
          await this.evaluateOne(name);
        } catch (error) {
          this.deps.log.error('alarm evaluation failed', { alarm: name, error: String(error) });
        }
      }
    }
  }

  private async evaluateOne(name: string): Promise<void> {
    const alarm = this.deps.alarms.get(name);
    if (!alarm) return;
    const leases = this.deps.leases ?? SOLE_NODE_LEASES;
    if (!leases.holds(ALARM_EVALUATION_LEASE) && !(await leases.acquire(ALARM_EVALUATION_LEASE))) return;
    this.lastRun.set(name, this.wall.now());
    const rule = alarmRule(alarm.config);
    const now = this.deps.clock.now();
    const periodMs = rule.period * 1000;
    const current = Math.floor(now / periodMs) * periodMs;
    const buckets = await this.deps.metrics.statistics({
      metric: alarm.config.metric,
      start: (current - rule.evaluationPeriods * periodMs) / 1000,
      end: (current + periodMs) / 1000,
      period: rule.period,
      unit: rule.unit,
      withPercentiles: rule.stat.kind === 'percentile',
    });
    // Units are told apart only when the alarm names one; otherwise a period's values are merged.
    const merged = new Map<number, Distribution>();
    for (const b of buckets) {
      const d = merged.get(b.timestamp) ?? new Distribution();
      d.merge(b.dist);
      merged.set(b.timestamp, d);
    }
    const datapoints: PeriodDatapoint[] = [];
    for (const [timestamp, dist] of merged) {
      const value = statValue(dist, rule.stat);
      if (value !== undefined)
        datapoints.push({ timestamp: timestamp * 1000, value, sampleCount: dist.count });
    }
    const result = evaluateAlarm({ rule, datapoints, now });
    if (result.kind === 'keep' || result.state === alarm.state.value) return;
    await this.deps.alarms.applyEvaluation(
      name,
      { value: result.state, reason: result.reason, reasonData: result.reasonData },
      alarm.configUpdatedAt,
    );
  }

  /** Arms one timer for the earliest period boundary among all alarms. */
  private schedule(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.closed) return;
    const alarms = this.deps.alarms.all();
    if (alarms.length === 0) return;
    const now = this.deps.clock.now();
    let next = Infinity;
    for (const a of alarms) {
      const periodMs = a.config.period * 1000;
      const boundary = Math.floor(now / periodMs) * periodMs;
      // A new (or reconfigured, or reloaded) alarm is first evaluated at its next boundary.
      if (!this.boundaries.has(a.config.name)) this.boundaries.set(a.config.name, boundary);
      next = Math.min(next, boundary + periodMs);
    }
    this.timer = this.deps.clock.setTimer(next - now, () => this.onBoundary());
  }

  private onBoundary(): void {
    const now = this.deps.clock.now();
    for (const a of this.deps.alarms.all()) {
      const periodMs = a.config.period * 1000;
      const boundary = Math.floor(now / periodMs) * periodMs;
      const last = this.boundaries.get(a.config.name);
      if (last !== undefined && boundary > last) {
        this.dirty.add(a.config.name);
        this.boundaries.set(a.config.name, boundary);
      }
    }
    this.kick();
    this.schedule();
  }
}

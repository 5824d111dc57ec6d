import { InvokeCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { Clock } from '../../common/clock.js';

/** Invocations and errors per version, since the last `take()`. */
export interface TrafficCounts {
  byVersion: Map<string, { calls: number; errors: number }>;
}

/** The calls of one window: those made since the previous `take()`, and how long that was. */
export interface TrafficWindow {
  ms: number;
  counts: Map<string, TrafficCounts>;
}

/** What the traffic needs of a Lambda client (a LambdaClient is one). */
export interface Invoker {
  send(command: InvokeCommand): Promise<InvokeCommandOutput>;
}

/**
 * Steady traffic on functions' aliases, as users would send it: a call every `intervalMs` per
 * function, every other one without a name. Counts calls and errors per executed version.
 */
export class DemoTraffic {
  private readonly counts = new Map<string, TrafficCounts>();
  private readonly totals = new Map<string, TrafficCounts>();
  private running = false;
  private loops: Promise<void>[] = [];
  private windowStarted: number;

  constructor(
    private readonly lambda: Invoker,
    private readonly clock: Clock,
    private readonly targets: readonly { functionName: string; alias: string }[],
    private readonly intervalMs = 100,
  ) {
    this.windowStarted = clock.now();
  }

  start(): void {
    this.running = true;
    this.windowStarted = this.clock.now();
    this.loops = this.targets.map((target) => this.loop(target.functionName, target.alias));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Counts since the last call, per function, and the length of that window. */
  take(): TrafficWindow {
    const now = this.clock.now();
    const window = { ms: now - this.windowStarted, counts: new Map(this.counts) };
    this.counts.clear();
    this.windowStarted = now;
    return window;
  }

  /** Counts since the start. */
  total(functionName: string): TrafficCounts {
    return this.totals.get(functionName) ?? { byVersion: new Map() };
  }

  private async loop(functionName: string, alias: string): Promise<void> {
    let n = 0;
    while (this.running) {
      const started = this.clock.now();
      const payload = n++ % 2 === 0 ? { name: 'Ada' } : {};
      let version = '?';
      let failed = true;
      try {
        const reply = await this.lambda.send(
          new InvokeCommand({
            FunctionName: functionName,
            Qualifier: alias,
            Payload: JSON.stringify(payload),
          }),
        );
        version = reply.ExecutedVersion ?? '?';
        failed = reply.FunctionError !== undefined;
      } catch {
        // throttled or refused: counted as an error on an unknown version
      }
      this.record(functionName, version, failed);
      const wait = this.intervalMs - (this.clock.now() - started);
      if (wait > 0) await this.clock.sleep(wait);
    }
  }

  private record(functionName: string, version: string, failed: boolean): void {
    for (const map of [this.counts, this.totals]) {
      const counts: TrafficCounts = map.get(functionName) ?? { byVersion: new Map() };
      map.set(functionName, counts);
      const entry = counts.byVersion.get(version) ?? { calls: 0, errors: 0 };
      counts.byVersion.set(version, entry);
      entry.calls++;
      if (failed) entry.errors++;
    }
  }
}

/** `hello-HelloNode: v1 45  v2 5 (5 failed)` */
export function trafficLine(functionName: string, counts: TrafficCounts | undefined): string {
  const parts = [...(counts?.byVersion ?? new Map<string, { calls: number; errors: number }>())]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([v, c]) => `v${v} ${c.calls}${c.errors > 0 ? ` (${c.errors} failed)` : ''}`);
  return `${functionName}: ${parts.length > 0 ? parts.join('  ') : 'no calls'}`;
}

/**
 * `traffic/1.3s  hello-HelloNode: v2 13  v3 1  |  hello-HelloPython: v2 14`, or undefined for a
 * window without calls. The length is the window's own: the demo closes one early at each deploy.
 */
export function trafficWindowLine(window: TrafficWindow): string | undefined {
  const names = [...window.counts.keys()].sort();
  if (names.length === 0) return undefined;
  const lines = names.map((fn) => trafficLine(fn, window.counts.get(fn)));
  return `traffic/${(window.ms / 1000).toFixed(1)}s  ${lines.join('  |  ')}`;
}

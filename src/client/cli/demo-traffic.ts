import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Clock } from '../../common/clock.js';

/** Invocations and errors per version, since the last `take()`. */
export interface TrafficCounts {
  byVersion: Map<string, { calls: number; errors: number }>;
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

  constructor(
    private readonly lambda: LambdaClient,
    private readonly clock: Clock,
    private readonly targets: readonly { functionName: string; alias: string }[],
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.running = true;
    this.loops = this.targets.map((target) => this.loop(target.functionName, target.alias));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Counts since the last call, per function. */
  take(): Map<string, TrafficCounts> {
    const out = new Map(this.counts);
    this.counts.clear();
    return out;
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

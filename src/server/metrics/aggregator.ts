import { Distribution } from './distribution.js';

/** One second of one series in one unit, waiting to be written to the store. */
export interface PendingBucket {
  key: string;
  unit: string;
  /** Start of the bucket, seconds since the epoch. */
  second: number;
  dist: Distribution;
}

/**
 * The values of one series in one unit that have not been written yet, in one-second buckets.
 * Recording is the hot path: the usual case (same second as the last value) is one comparison
 * and a Distribution.add.
 */
export class SeriesBuffer {
  private second = NaN;
  private current: Distribution | undefined;
  private older: Map<number, Distribution> | undefined;
  /** Holds data the store has not seen. */
  dirty = false;
  /** Holds data listeners have not been told about. */
  touched = false;
  /** Nobody keeps this buffer (PutMetricData): the aggregator lets it go once written. */
  transient = false;

  constructor(
    readonly key: string,
    readonly unit: string,
    private readonly owner: Aggregator,
  ) {}

  add(second: number, value: number, weight = 1): void {
    if (second !== this.second || !this.current) this.roll(second);
    this.current!.add(value, weight);
    if (!this.touched) this.owner.markTouched(this);
  }

  addDistribution(second: number, dist: Distribution): void {
    if (second !== this.second || !this.current) this.roll(second);
    this.current!.merge(dist);
    if (!this.touched) this.owner.markTouched(this);
  }

  /** Takes out the buckets before `beforeSecond`; the rest stay buffered. */
  drain(beforeSecond: number, into: PendingBucket[]): void {
    if (this.current && this.second < beforeSecond) {
      into.push({ key: this.key, unit: this.unit, second: this.second, dist: this.current });
      this.current = undefined;
      this.second = NaN;
    }
    if (this.older) {
      for (const [second, dist] of this.older) {
        if (second >= beforeSecond) continue;
        into.push({ key: this.key, unit: this.unit, second, dist });
        this.older.delete(second);
      }
      if (this.older.size === 0) this.older = undefined;
    }
    this.dirty = this.current !== undefined || this.older !== undefined;
  }

  /** Copies out (without taking) the buckets in [fromSecond, toSecond). */
  peek(fromSecond: number, toSecond: number, into: PendingBucket[]): void {
    const inRange = (second: number): boolean => second >= fromSecond && second < toSecond;
    if (this.current && inRange(this.second)) {
      into.push({ key: this.key, unit: this.unit, second: this.second, dist: this.current });
    }
    for (const [second, dist] of this.older ?? []) {
      if (inRange(second)) into.push({ key: this.key, unit: this.unit, second, dist });
    }
  }

  private roll(second: number): void {
    if (this.current) {
      this.older ??= new Map();
      const existing = this.older.get(this.second);
      if (existing) existing.merge(this.current);
      else this.older.set(this.second, this.current);
    }
    this.current = this.older?.get(second) ?? new Distribution();
    this.older?.delete(second);
    this.second = second;
    if (!this.dirty) {
      this.dirty = true;
      this.owner.markDirty(this);
    }
  }
}

function bufferId(key: string, unit: string): string {
  return `${unit}\u0000${key}`;
}

export type TouchListener = (keys: ReadonlySet<string>) => void;

/** In-memory one-second aggregation in front of the store; drained in batches by the flusher. */
export class Aggregator {
  private readonly buffers = new Map<string, SeriesBuffer>();
  /** Series key -> its buffers, one per unit. */
  private readonly byKey = new Map<string, SeriesBuffer[]>();
  private readonly dirty = new Set<SeriesBuffer>();
  private touched: SeriesBuffer[] = [];
  private notifyScheduled = false;

  constructor(private readonly onTouched: TouchListener = () => {}) {}

  /** The buffer for one series in one unit; callers may keep it and add to it directly. */
  buffer(key: string, unit: string): SeriesBuffer {
    const buffer = this.transientBuffer(key, unit);
    buffer.transient = false;
    return buffer;
  }

  /**
   * The buffer for one series in one unit, for a caller that does not keep it (PutMetricData, whose
   * series names come from requests): it is let go of once its data is drained, so series written
   * once do not hold memory for ever.
   */
  transientBuffer(key: string, unit: string): SeriesBuffer {
    const id = bufferId(key, unit);
    let buffer = this.buffers.get(id);
    if (!buffer) {
      buffer = new SeriesBuffer(key, unit, this);
      buffer.transient = true;
      this.buffers.set(id, buffer);
      const units = this.byKey.get(key);
      if (units) units.push(buffer);
      else this.byKey.set(key, [buffer]);
    }
    return buffer;
  }

  /** Takes every buffered bucket that starts before `beforeSecond` (all of them by default). */
  drain(beforeSecond = Infinity): PendingBucket[] {
    const out: PendingBucket[] = [];
    for (const buffer of this.dirty) {
      buffer.drain(beforeSecond, out);
      if (buffer.dirty) continue;
      this.dirty.delete(buffer);
      if (buffer.transient) this.release(buffer);
    }
    return out;
  }

  /** Buffers held now, kept or transient (for tests of the bound). */
  get size(): number {
    return this.buffers.size;
  }

  /**
   * The buffered buckets of one series in [fromSecond, toSecond), left in place: queries merge
   * them with what the store holds, so reading never forces a write. Callers must not modify them.
   */
  peek(key: string, fromSecond: number, toSecond: number): PendingBucket[] {
    const out: PendingBucket[] = [];
    for (const buffer of this.byKey.get(key) ?? []) if (buffer.dirty) buffer.peek(fromSecond, toSecond, out);
    return out;
  }

  get pendingSeries(): number {
    return this.dirty.size;
  }

  markDirty(buffer: SeriesBuffer): void {
    this.dirty.add(buffer);
  }

  private release(buffer: SeriesBuffer): void {
    this.buffers.delete(bufferId(buffer.key, buffer.unit));
    const units = this.byKey.get(buffer.key)?.filter((b) => b !== buffer) ?? [];
    if (units.length > 0) this.byKey.set(buffer.key, units);
    else this.byKey.delete(buffer.key);
  }

  /** New data is announced once per turn of the event loop, however many values arrived. */
  markTouched(buffer: SeriesBuffer): void {
    buffer.touched = true;
    this.touched.push(buffer);
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setImmediate(() => this.notify());
  }

  private notify(): void {
    this.notifyScheduled = false;
    const keys = new Set<string>();
    for (const buffer of this.touched) {
      buffer.touched = false;
      keys.add(buffer.key);
    }
    this.touched = [];
    this.onTouched(keys);
  }
}

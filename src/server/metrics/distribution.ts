import { DDSketch } from '@datadog/sketches-js';

/** Percentiles are within 1% of the true value (DDSketch's relative-error guarantee). */
export const RELATIVE_ACCURACY = 0.01;
const FORMAT_VERSION = 1;
/** The whole encoding of a distribution of 0s and 1s: count and sum say everything. */
const BINARY = new Uint8Array(Float64Array.of(2).buffer);

/** A statistic set as PutMetricData sends it: percentiles cannot be recovered from one. */
export interface StatisticSet {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
}

/** A distribution as the store keeps it. `sketch` is null when percentiles are unavailable. */
export interface EncodedDistribution {
  count: number;
  sum: number;
  min: number;
  max: number;
  sketch: Uint8Array | null;
}

/**
 * The values seen in one bucket: count, sum, min, max and a mergeable quantile sketch. Values
 * that are all 0 or 1 (Invocations, Errors, Throttles) need no sketch: their percentiles follow
 * from count and sum, which keeps recording those metrics to a few additions.
 */
export class Distribution {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Undefined while every value has been 0 or 1. */
  private sketch: DDSketch | undefined;
  /** False once pre-aggregated statistic sets were merged in: percentiles are then unknown. */
  private percentilesKnown = true;

  static of(...values: number[]): Distribution {
    const d = new Distribution();
    for (const v of values) d.add(v);
    return d;
  }

  add(value: number, weight = 1): void {
    if (this.percentilesKnown) {
      if (this.sketch) this.sketch.accept(value, weight);
      else if (value !== 0 && value !== 1) {
        this.sketch = this.materialize();
        this.sketch.accept(value, weight);
      }
    }
    this.count += weight;
    this.sum += value * weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  addStatisticSet(set: StatisticSet): void {
    this.merge(Distribution.fromStatisticSet(set));
  }

  static fromStatisticSet(set: StatisticSet): Distribution {
    const d = new Distribution();
    d.count = set.sampleCount;
    d.sum = set.sum;
    d.min = set.minimum;
    d.max = set.maximum;
    d.percentilesKnown = false;
    return d;
  }

  merge(other: Distribution): void {
    if (other.count === 0) return;
    if (this.count === 0) this.percentilesKnown = other.percentilesKnown;
    else if (!other.percentilesKnown) this.percentilesKnown = false;
    if (!this.percentilesKnown) {
      this.sketch = undefined;
    } else if (this.sketch || other.sketch) {
      const mine = this.sketch ?? this.materialize();
      mergeSketch(mine, other.sketch ?? other.materialize());
      this.sketch = mine;
    }
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /**
   * The value at quantile `q` (0..1) by the nearest-rank definition (the smallest value with at
   * least q of the values at or below it, so p99 of five values is the largest), within the
   * sketch's 1%; undefined when unknown.
   */
  percentile(q: number): number | undefined {
    if (!this.percentilesKnown || this.count === 0) return undefined;
    const n = this.count;
    const rank = Math.max(0, Math.ceil(q * n - 1e-9) - 1);
    if (!this.sketch) {
      // Sorted, the values are (count - sum) zeros followed by `sum` ones.
      return rank < n - this.sum ? 0 : 1;
    }
    // DDSketch reads the value at rank q*(n-1); ask for exactly our rank (nudged past rounding).
    const quantile = n > 1 ? Math.min(1, (rank + 1e-6) / (n - 1)) : 0;
    const value = this.sketch.getValueAtQuantile(quantile);
    return Math.min(this.max, Math.max(this.min, value));
  }

  get hasPercentiles(): boolean {
    return this.percentilesKnown;
  }

  encode(): EncodedDistribution {
    let sketch: Uint8Array | null = null;
    if (this.percentilesKnown) sketch = this.sketch ? encodeSketch(this.sketch) : BINARY;
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, sketch };
  }

  static decode(encoded: EncodedDistribution): Distribution {
    const d = new Distribution();
    d.count = encoded.count;
    d.sum = encoded.sum;
    d.min = encoded.min;
    d.max = encoded.max;
    if (!encoded.sketch) d.percentilesKnown = false;
    else if (!isBinary(encoded.sketch)) d.sketch = decodeSketch(encoded.sketch, encoded);
    return d;
  }

  private materialize(): DDSketch {
    const sketch = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
    const zeros = this.count - this.sum;
    if (zeros > 0) sketch.accept(0, zeros);
    if (this.sum > 0) sketch.accept(1, this.sum);
    return sketch;
  }
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes.byteLength === BINARY.byteLength && bytes.every((b, i) => b === BINARY[i]);
}

/** DDSketch.merge forgets the negative store when both sides are non-empty (sketches-js 2.1). */
function mergeSketch(into: DDSketch, other: DDSketch): void {
  const wasEmpty = into.count === 0;
  into.merge(other);
  if (!wasEmpty && other.negativeStore.count > 0) into.negativeStore.merge(other.negativeStore);
}

type Store = DDSketch['store'];

function binsOf(store: Store): number[] {
  const out: number[] = [];
  store.bins.forEach((count, i) => {
    if (count > 0) out.push(i + store.offset, count);
  });
  return out;
}

/**
 * Our own compact encoding (sketches-js' protobuf one needs protobufjs, which is not installed):
 * float64s `[version, zeroCount, nPositive, key, count, ..., nNegative, key, count, ...]`.
 */
function encodeSketch(sketch: DDSketch): Uint8Array {
  const positive = binsOf(sketch.store);
  const negative = binsOf(sketch.negativeStore);
  const values = [
    FORMAT_VERSION,
    sketch.zeroCount,
    positive.length / 2,
    ...positive,
    negative.length / 2,
    ...negative,
  ];
  return new Uint8Array(Float64Array.from(values).buffer);
}

function decodeSketch(bytes: Uint8Array, stats: EncodedDistribution): DDSketch {
  const copy = new Uint8Array(bytes);
  const values = new Float64Array(copy.buffer, 0, copy.byteLength / 8);
  if (values[0] !== FORMAT_VERSION) throw new Error(`unknown sketch format ${values[0]}`);
  const sketch = new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
  sketch.zeroCount = values[1] ?? 0;
  let i = 2;
  for (const store of [sketch.store, sketch.negativeStore]) {
    const n = values[i++] ?? 0;
    for (let j = 0; j < n; j++, i += 2) store.add(values[i] ?? 0, values[i + 1] ?? 0);
  }
  sketch.count = sketch.zeroCount + sketch.store.count + sketch.negativeStore.count;
  sketch.sum = stats.sum;
  sketch.min = stats.min;
  sketch.max = stats.max;
  return sketch;
}

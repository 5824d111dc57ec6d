/** Small helpers for benchmarks: medians and a table printed next to the baseline. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export interface Row {
  name: string;
  gradual: number;
  baseline: number;
  unit: string;
}

export function printTable(title: string, baselineName: string, rows: readonly Row[]): void {
  console.log(`\n${title}`);
  console.log(
    `${'operation'.padEnd(34)} ${'gradual'.padStart(10)} ${baselineName.padStart(14)} ${'ratio'.padStart(7)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(34)} ${`${r.gradual.toFixed(2)} ${r.unit}`.padStart(10)} ${`${r.baseline.toFixed(2)} ${r.unit}`.padStart(14)} ${(r.gradual / r.baseline).toFixed(2).padStart(6)}x`,
    );
  }
}

/** Columns padded to their widest cell; the last column is left as is. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** `v1 90% / v2 10%`: an alias's split. */
export function routingText(version: string, weights: Record<string, number> | undefined): string {
  const extra = Object.entries(weights ?? {});
  if (extra.length === 0) return `v${version} 100%`;
  const rest = 100 - extra.reduce((sum, [, w]) => sum + w * 100, 0);
  return [`v${version} ${round(rest)}%`, ...extra.map(([v, w]) => `v${v} ${round(w * 100)}%`)].join(' / ');
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** How wide command output may be: the terminal's width, else 80 columns. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : 80;
}

/**
 * Columns padded to their widest cell (the last left as is), two spaces apart. When a row would
 * pass `width`, the `flexible` columns (last first) give up room, their cells cut with `…`.
 */
export function table(
  rows: readonly (readonly string[])[],
  options: { width?: number; flexible?: readonly number[] } = {},
): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const width = options.width ?? Infinity;
  const total = (): number => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  for (const column of [...(options.flexible ?? [])].reverse()) {
    const over = total() - width;
    if (over <= 0) break;
    const header = rows[0]?.[column]?.length ?? 0;
    widths[column] = Math.max(header, 4, (widths[column] ?? 0) - over);
  }
  const cut = (cell: string, w: number): string => (cell.length <= w ? cell : `${cell.slice(0, w - 1)}…`);
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const w = widths[i]!;
        return i === row.length - 1 ? cut(cell, w) : cut(cell, w).padEnd(w);
      })
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

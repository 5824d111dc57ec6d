/** One test file's CPU, as its worker recorded it (test/file-cpu/setup.ts). */
export interface FileCpu {
  readonly file: string;
  /** The worker's own CPU seconds while the file was imported and ran. */
  readonly self: number;
  /** CPU seconds of the worker's children (and theirs) that ended and were reaped meanwhile. */
  readonly children: number;
  /** CPU seconds of the AWS CLI commands the file ran (their fork server's children). */
  readonly awsCli: number;
  readonly wall: number;
}

/** Clock ticks of reaped children (cutime + cstime) in a /proc/<pid>/stat line. */
export function reapedTicks(stat: string): number {
  // The command name, in parentheses, may hold spaces: fields are counted after its ')'.
  // cutime and cstime are fields 16 and 17 of proc(5); the text after ')' starts at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[13]) + Number(fields[14]);
}

/** The CPU seconds the AWS CLI fork servers logged for `worker` (lines `<worker pid> <seconds>`). */
export function awsCliSeconds(text: string, worker: number): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const [pid, seconds] = line.split(' ');
    if (Number(pid) === worker) sum += Number(seconds) || 0;
  }
  return sum;
}

/** The JSON lines the workers appended, the malformed ones (a worker killed mid-write) skipped. */
export function parseLog(text: string): FileCpu[] {
  const rows: FileCpu[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      rows.push(JSON.parse(line) as FileCpu);
    } catch {
      // a partial line
    }
  }
  return rows;
}

/** The `top` files by CPU (own + children + AWS CLI commands), as a table with the run's totals under it. */
export function cpuTable(rows: readonly FileCpu[], root: string, top = 30): string {
  const total = (r: FileCpu): number => r.self + r.children + r.awsCli;
  const sorted = [...rows].sort((a, b) => total(b) - total(a));
  const name = (file: string): string => (file.startsWith(root) ? file.slice(root.length + 1) : file);
  const row = (cells: string[]): string =>
    `${cells
      .slice(0, -1)
      .map((c) => c.padStart(8))
      .join(' ')}  ${cells.at(-1)}`;
  const n = (x: number): string => x.toFixed(1);
  const lines = [row(['cpu-s', 'self', 'children', 'aws-cli', 'wall-s', 'file'])];
  for (const r of sorted.slice(0, top))
    lines.push(row([n(total(r)), n(r.self), n(r.children), n(r.awsCli), n(r.wall), name(r.file)]));
  const sum = (f: (r: FileCpu) => number): number => rows.reduce((s, r) => s + f(r), 0);
  lines.push(
    row([
      n(sum(total)),
      n(sum((r) => r.self)),
      n(sum((r) => r.children)),
      n(sum((r) => r.awsCli)),
      n(sum((r) => r.wall)),
      `all ${rows.length} files`,
    ]),
  );
  return lines.join('\n');
}

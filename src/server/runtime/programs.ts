import { existsSync } from 'node:fs';

/** The full path of a program on PATH (or the usual system directories), if installed. */
export function findProgram(name: string): string | undefined {
  const path = `${process.env['PATH'] ?? ''}:/usr/sbin:/usr/bin:/sbin:/bin`;
  for (const dir of path.split(':')) {
    const candidate = `${dir}/${name}`;
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

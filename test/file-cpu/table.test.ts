import { describe, expect, it } from 'vitest';
import { awsCliSeconds, cpuTable, parseLog, reapedTicks } from './table.js';

describe('per-file CPU table', () => {
  it("reads cutime + cstime from a /proc stat line, whatever the command's name holds", () => {
    const rest = 'S 1 2 3 0 -1 4194560 100 0 0 0 7 3 250 50 20 0 1 0 5 1000 200';
    expect(reapedTicks(`42 (node) ${rest}`)).toBe(300);
    expect(reapedTicks(`42 (a b) c) ${rest}`)).toBe(300);
  });

  it("sums one worker's AWS CLI seconds, ignoring other workers and partial lines", () => {
    expect(awsCliSeconds('7 0.5\n8 2\n7 1.25\n7', 7)).toBe(1.75);
  });

  it('lists the costliest files first, the run totals last, and skips a cut line', () => {
    const rows = parseLog(
      [
        JSON.stringify({ file: '/r/test/a.test.ts', self: 1, children: 0, awsCli: 0, wall: 2 }),
        JSON.stringify({ file: '/r/test/b.test.ts', self: 0.5, children: 2, awsCli: 1, wall: 4 }),
        '{"file": "/r/test/c',
      ].join('\n'),
    );
    const lines = cpuTable(rows, '/r', 1).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^\s+3\.5\s+0\.5\s+2\.0\s+1\.0\s+4\.0 {2}test\/b\.test\.ts$/);
    expect(lines[2]).toMatch(/^\s+4\.5\s+1\.5\s+2\.0\s+1\.0\s+6\.0 {2}all 2 files$/);
  });
});

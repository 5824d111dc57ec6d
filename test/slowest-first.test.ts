import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { SlowestFirst } from './slowest-first.js';

const root = '/repo';
const spec = (project: string, file: string): TestSpecification =>
  ({ project: { name: project }, moduleId: `${root}/${file}` }) as unknown as TestSpecification;

/** A context as a fresh clone has it: no results of earlier runs, sizes as given. */
function freshClone(sizes: Record<string, number>): Vitest {
  return {
    config: { root },
    cache: {
      getFileTestResults: () => undefined,
      getFileStats: (key: string) => {
        const size = sizes[key.slice(key.indexOf(':') + 1)];
        return size === undefined ? undefined : { size };
      },
    },
  } as unknown as Vitest;
}

describe('SlowestFirst', () => {
  it('runs the postgres files first, then the known slow files, then the rest largest first', async () => {
    const files = [
      spec('default', 'test/e2e/small.test.ts'),
      spec('default', 'test/e2e/large.test.ts'),
      spec('default', 'test/e2e/demo.test.ts'),
      spec('default', 'test/e2e/cloudformation-cli.test.ts'),
      spec('postgres', 'src/store/unknown.pg.test.ts'),
      spec('postgres', 'test/e2e/cluster-takeover.pg.test.ts'),
    ];
    const sizes = Object.fromEntries(
      files.map((f) => [f.moduleId.slice(root.length + 1), f.moduleId.includes('large') ? 9000 : 100]),
    );
    const sorted = await new SlowestFirst(freshClone(sizes)).sort(files);
    expect(sorted.map((f) => f.moduleId.slice(root.length + 1))).toEqual([
      'test/e2e/cluster-takeover.pg.test.ts',
      'src/store/unknown.pg.test.ts',
      'test/e2e/cloudformation-cli.test.ts',
      'test/e2e/demo.test.ts',
      'test/e2e/large.test.ts',
      'test/e2e/small.test.ts',
    ]);
  });
});

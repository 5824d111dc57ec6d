import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Log } from '../../src/common/log.js';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer } from '../support/server.js';

function marked(mark: string): number {
  let n = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`MARK=${mark}\0`)) n += 1;
    } catch {
      // gone
    }
  }
  return n;
}

describe('without bubblewrap', () => {
  it('warns clearly, runs functions as plain processes, and still leaves none behind', async () => {
    const warnings: string[] = [];
    const log: Log = { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} };
    const t = await startTestServer({ sandbox: 'process' }, { log });
    const mark = randomUUID();
    try {
      expect(t.server.runtime.sandbox).toBe('process');
      // Asked for, so said as asked (bubblewrap is installed here, not missing).
      expect(warnings.some((w) => w.startsWith('--sandbox process: functions run as plain processes'))).toBe(
        true,
      );
      await createFunction(t.lambda, {
        FunctionName: 'env',
        Handler: 'index.env',
        zip: await nodeHandlersZip(),
        Environment: { Variables: { MARK: mark } },
      });
      const r = await invokeFunction(t.lambda, { FunctionName: 'env' });
      const { env, cwd } = r.json as { env: Record<string, string>; cwd: string };
      expect(cwd).toBe(env['LAMBDA_TASK_ROOT']);
      expect(cwd.startsWith(t.dataDir)).toBe(true);
      expect(env['AWS_LAMBDA_FUNCTION_NAME']).toBe('env');
      const again = await invokeFunction(t.lambda, { FunctionName: 'env', Qualifier: '$LATEST' });
      expect(again.output.FunctionError).toBeUndefined();
      expect(marked(mark)).toBe(1);
    } finally {
      await t.dispose();
    }
    expect(marked(mark)).toBe(0);
  });
});

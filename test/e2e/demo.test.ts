import { describe, expect, it } from 'vitest';
import { runGradual } from '../support/deploy-cli.js';

describe('gradual demo', () => {
  it('deploys examples/hello, ships v2 by canary and rolls v3 back on its alarm, exiting 0', async () => {
    const started = performance.now();
    const run = await runGradual(['demo']);
    const seconds = (performance.now() - started) / 1000;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Through gradual's CloudFormation: the stack's events are the progress.
    expect(run.stdout).toContain('HelloNodeAliaslive CREATE_COMPLETE');
    expect(run.stdout).toContain('Stack hello: CREATE_COMPLETE.');
    expect(run.stdout).toContain(
      'Stack hello: UPDATE_ROLLBACK_COMPLETE: every resource of the stack was rolled back.',
    );
    expect(run.stdout).toMatch(
      /hello-HelloPython:live d-\w+ shifted: Step 1 of 2: 10% of traffic on version 2/,
    );
    expect(run.stdout).toContain('v2: canary passed, 100% on version 2 for both functions');
    expect(run.stdout).toContain(
      'v3: hello-HelloNodeErrors fired during the canary; rolled back to version 2',
    );
    // The Python function serves versions 1 and 2 only, with no failures.
    expect(run.stdout).toMatch(/hello-HelloPython: v1 \d+ {2}v2 \d+\n/);
    // Each deploy closes the traffic window, so v1's last calls (the canary's 90%) show above v3's
    // heading: under it, a line with v1 would say the alias ran a version it no longer has.
    const v3 = run.stdout.slice(run.stdout.indexOf('== v3'), run.stdout.indexOf('== Summary'));
    expect(v3).toMatch(/traffic\/\d+\.\ds {2}hello-HelloNode: /);
    expect(v3).not.toMatch(/traffic\/[^\n]*\bv1 \d/);
    expect(seconds).toBeLessThan(90);
  });
});

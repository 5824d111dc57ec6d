import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readerSession, ROOT, runShell, shellBlocksOf } from '../support/doc-blocks.js';

/**
 * docs/getting-started.md as a reader runs it: its shell blocks, in order, in one bash session
 * with `set -e`, against a real server on a clock 60 times faster (the page's rehearsal), with the
 * environment `gradual env` prints. The blocks that start the demo or a server are marked and left
 * to the test.
 */

const session = readerSession();

describe('docs/getting-started.md', () => {
  it('runs as written: a function behind an alias, invoked, a canary to version 2, then a SAM template', async () => {
    const blocks = shellBlocksOf(join(ROOT, 'docs/getting-started.md'));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const { code, output } = await runShell(blocks.join('\n'), session.server(), session.folder());
    expect(code, output).toBe(0);
    expect(output).toContain('{"hello":"you"}');
    expect(output).toMatch(/\nREPORT RequestId: /);
    expect(output).toContain('succeeded: All traffic is on the new version.');
    expect(output).toMatch(/\n2\n/);
    // Section 5: gradual deploy of examples/hello, a refused template, a canary to version 2.
    expect(output).toContain('Stack hello: CREATE_COMPLETE.');
    expect(output).toContain(
      'Resources.HelloNode.Properties.Handlr: unknown to SAM (AWS::Serverless::Function) (did you mean Handler?)',
    );
    expect(output).toContain('exit code 2');
    expect(output).toMatch(/hello-HelloPython:live d-\w+ succeeded: All traffic is on the new version\./);
    expect(output.trimEnd().split('\n').at(-1)).toBe('Stack hello: UPDATE_COMPLETE.');
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunction, invokeFunction, nodeHandlersZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { RUNTIME_CHANNELS } from '../../src/server/runtime/environment-types.js';

let t: TestServer;

// gradual's bootstraps on each of their channels to the Runtime API: the same behaviour.
describe.each(RUNTIME_CHANNELS)('failures (Runtime API channel: %s)', (runtimeChannel) => {
  beforeAll(async () => {
    t = await startTestServer({ runtimeChannel });
    const zip = await nodeHandlersZip();
    const fn = (FunctionName: string, Handler: string, extra: Record<string, unknown> = {}): Promise<void> =>
      createFunction(t.lambda, { FunctionName, Handler, zip, ...extra });
    await Promise.all([
      fn('sleepy', 'index.sleep', { Timeout: 1 }),
      fn('counter', 'index.counter', { Timeout: 1 }),
      fn('crash', 'index.crash'),
      fn('oom', 'index.oom', { MemorySize: 128 }),
      fn('big', 'index.big'),
      fn('echo', 'index.echo'),
    ]);
  });

  afterAll(async () => {
    await t?.dispose();
  });

  describe('failures the platform reports', () => {
    it('kills an invocation past its Timeout and returns the Sandbox.Timedout payload', async () => {
      const started = performance.now();
      const r = await invokeFunction(t.lambda, {
        FunctionName: 'sleepy',
        event: { ms: 5000 },
        LogType: 'Tail',
      });
      expect(performance.now() - started).toBeLessThan(3000);
      expect(r.status).toBe(200);
      expect(r.output.FunctionError).toBe('Unhandled');
      const id = r.output.$metadata.requestId!;
      expect(r.json).toEqual({
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${id} Error: Task timed out after 1.00 seconds`,
      });
      expect(r.log).toMatch(new RegExp(`Z ${id} Task timed out after 1.00 seconds\\n`));
      expect(r.log).toMatch(/\tStatus: timeout\t\n$/);
      // The environment was restarted: the next invocation is a cold start, and it works.
      const next = await invokeFunction(t.lambda, {
        FunctionName: 'sleepy',
        event: { ms: 1 },
        LogType: 'Tail',
      });
      expect(next.json).toEqual({ slept: 1 });
      expect(next.log).toContain('Init Duration');
    });

    it('keeps /tmp but resets globals when an environment restarts after a timeout', async () => {
      expect((await invokeFunction(t.lambda, { FunctionName: 'counter', event: {} })).json).toEqual({
        invocations: 1,
        tmpLength: 1,
      });
      expect((await invokeFunction(t.lambda, { FunctionName: 'counter', event: {} })).json).toEqual({
        invocations: 2,
        tmpLength: 2,
      });
      const timedOut = await invokeFunction(t.lambda, { FunctionName: 'counter', event: { sleep: 5000 } });
      expect((timedOut.json as { errorType: string }).errorType).toBe('Sandbox.Timedout');
      expect((await invokeFunction(t.lambda, { FunctionName: 'counter', event: {} })).json).toEqual({
        invocations: 1,
        tmpLength: 4,
      });
    });

    it('returns Runtime.ExitError when the runtime process exits', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'crash' });
      expect(r.output.FunctionError).toBe('Unhandled');
      const id = r.output.$metadata.requestId!;
      expect(r.json).toEqual({
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${id} Error: Runtime exited with error: exit status 2`,
      });
    });

    it('enforces MemorySize and returns the out-of-memory error', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'oom', LogType: 'Tail' });
      expect(r.output.FunctionError).toBe('Unhandled');
      const id = r.output.$metadata.requestId!;
      const error = r.json as { errorType: string; errorMessage: string };
      if (t.server.runtime.cgroupRoot) {
        expect(error).toEqual({
          errorType: 'Runtime.OutOfMemory',
          errorMessage: `RequestId: ${id} Error: Runtime exited with error: signal: killed`,
        });
        expect(r.log).toMatch(/Max Memory Used: 12[0-9] MB/);
      } else {
        expect(error.errorType).toBe('Runtime.OutOfMemory');
      }
    });

    it('rejects a response over 6 MB with Function.ResponseSizeTooLarge', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'big' });
      expect(r.status).toBe(200);
      expect(r.output.FunctionError).toBe('Unhandled');
      expect(r.json).toEqual({
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      });
    });

    it('keeps serving other functions while one misbehaves', async () => {
      const [slow, fast] = await Promise.all([
        invokeFunction(t.lambda, { FunctionName: 'sleepy', event: { ms: 300 } }),
        invokeFunction(t.lambda, { FunctionName: 'echo', event: 'fine' }),
      ]);
      expect(slow.json).toEqual({ slept: 300 });
      expect(fast.json).toBe('fine');
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { createFunction, invokeFunction, providedZip, pythonZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { RUNTIME_CHANNELS } from '../../src/server/runtime/environment-types.js';

let t: TestServer;
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';

// gradual's bootstraps on each of their channels to the Runtime API: the same behaviour.
describe.each(RUNTIME_CHANNELS)('Python and provided (Runtime API channel: %s)', (runtimeChannel) => {
  beforeAll(async () => {
    t = await startTestServer({ runtimeChannel });
    const py = await pythonZip();
    const python = (FunctionName: string, Handler: string): Promise<void> =>
      createFunction(t.lambda, { FunctionName, Handler, Runtime: 'python3.12', zip: py });
    await Promise.all([
      python('py-echo', 'app.echo'),
      python('py-sdk', 'app.sdk'),
      python('py-context', 'app.context'),
      python('py-none', 'app.none'),
      python('py-fails', 'app.fails'),
      python('py-unserializable', 'app.unserializable'),
      python('py-broken', 'broken.handler'),
      python('py-syntax', 'badsyntax.handler'),
      python('py-missing-module', 'nowhere.handler'),
      python('py-missing-handler', 'app.nothing'),
      python('py-malformed', 'app'),
      createFunction(t.lambda, {
        FunctionName: 'custom',
        Handler: 'my.handler',
        Runtime: 'provided.al2023',
        zip: await providedZip(),
      }),
      createFunction(t.lambda, {
        FunctionName: 'no-bootstrap',
        Handler: 'x',
        Runtime: 'provided.al2023',
        zip: await buildZip({ 'main.sh': 'echo hi' }),
      }),
    ]);
  });

  afterAll(async () => {
    await t?.dispose();
  });

  describe('Python functions', () => {
    it("import boto3 as on Lambda, and a cold start's log says which Python runs python3.12", async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'py-sdk', LogType: 'Tail' });
      const { boto3, python } = r.json as { boto3: string; python: string };
      expect(boto3).toMatch(/^1\.\d+\.\d+/);
      expect(r.log.split('\n')[0]).toMatch(
        new RegExp(
          `^INIT_START Runtime Version: python3\\.12\tRuntime: Python ${python.replaceAll('.', '\\.')} \\(/\\S+\\)$`,
        ),
      );
    });

    it('runs module.function handlers and returns their JSON result', async () => {
      const r = await invokeFunction(t.lambda, {
        FunctionName: 'py-echo',
        event: { n: 1.5 },
        LogType: 'Tail',
      });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ n: 1.5 });
      expect(r.log).toContain('python init\n');
      expect(r.log).toContain('python got {"n": 1.5}\n');
      expect((await invokeFunction(t.lambda, { FunctionName: 'py-none' })).payload).toBe('null');
    });

    it('gives the Python context object', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'py-context', Qualifier: '$LATEST' });
      expect(r.json).toMatchObject({
        aws_request_id: r.output.$metadata.requestId,
        function_name: 'py-context',
        function_version: '$LATEST',
        invoked_function_arn: `${ARN}:py-context:$LATEST`,
        memory_limit_in_mb: '128',
        log_group_name: '/aws/lambda/py-context',
        cwd: '/var/task',
        handler_env: 'app.context',
      });
      expect((r.json as { remaining: number }).remaining).toBeGreaterThan(2000);
    });

    it('reports a raised exception in the Python error shape', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'py-fails' });
      expect(r.output.FunctionError).toBe('Unhandled');
      const error = r.json as Record<string, unknown>;
      expect(Object.keys(error)).toEqual(['errorMessage', 'errorType', 'requestId', 'stackTrace']);
      expect(error['errorMessage']).toBe('Handler fails');
      expect(error['errorType']).toBe('Exception');
      expect(error['requestId']).toBe(r.output.$metadata.requestId);
      const stack = error['stackTrace'] as string[];
      expect(stack).toHaveLength(1);
      expect(stack[0]).toMatch(
        /^ {2}File "\/var\/task\/app\.py", line \d+, in fails\n {4}raise Exception\("Handler fails"\)\n$/,
      );
    });

    it('reports results that are not JSON as Runtime.MarshalError', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'py-unserializable' });
      expect(r.json).toMatchObject({
        errorType: 'Runtime.MarshalError',
        errorMessage: 'Unable to marshal response: Object of type object is not JSON serializable',
      });
    });

    it.each([
      ['py-broken', 'Exception', 'Runtime startup fails'],
      ['py-syntax', 'Runtime.UserCodeSyntaxError', "Syntax error in module 'badsyntax': "],
      [
        'py-missing-module',
        'Runtime.ImportModuleError',
        "Unable to import module 'nowhere': No module named 'nowhere'",
      ],
      ['py-missing-handler', 'Runtime.HandlerNotFound', "Handler 'nothing' missing on module 'app'"],
      ['py-malformed', 'Runtime.MalformedHandlerName', "Bad handler 'app': not enough values to unpack"],
    ])('reports the init failure of %s as %s', async (name, type, message) => {
      const r = await invokeFunction(t.lambda, { FunctionName: name });
      expect(r.output.FunctionError).toBe('Unhandled');
      const error = r.json as { errorType: string; errorMessage: string; requestId: string };
      expect(error.errorType).toBe(type);
      expect(error.errorMessage.startsWith(message)).toBe(true);
      // Init errors carry an empty requestId; a handler missing fails at invoke time, with one.
      expect(error.requestId).toBe(type === 'Runtime.HandlerNotFound' ? r.output.$metadata.requestId : '');
    });
  });

  describe('provided runtimes', () => {
    it("runs the package's own bootstrap against the Runtime API", async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'custom', event: { q: 1 }, LogType: 'Tail' });
      expect(r.json).toEqual({
        provided: true,
        handler: 'my.handler',
        event: { q: 1 },
        arn: `${ARN}:custom`,
      });
      expect(r.log).toContain(`provided handling ${r.output.$metadata.requestId}`);
      const failed = await invokeFunction(t.lambda, { FunctionName: 'custom', event: { fail: true } });
      expect(failed.output.FunctionError).toBe('Unhandled');
      expect(failed.json).toEqual({ errorType: 'Custom.Failure', errorMessage: 'asked to fail' });
    });

    it('fails with Runtime.InvalidEntrypoint when the package has no bootstrap', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'no-bootstrap' });
      expect(r.output.FunctionError).toBe('Unhandled');
      expect(r.json).toEqual({
        errorType: 'Runtime.InvalidEntrypoint',
        errorMessage: `RequestId: ${r.output.$metadata.requestId} Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]`,
      });
    });
  });
});

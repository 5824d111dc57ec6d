import { realpathSync } from 'node:fs';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError } from '../support/lambda.js';
import { createFunction, invokeFunction, nodeHandlersZip, nodeModuleZip } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { RUNTIME_CHANNELS } from '../../src/server/runtime/environment-types.js';

let t: TestServer;
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';

const HANDLERS: Record<string, string> = {
  echo: 'index.echo',
  undef: 'index.undef',
  context: 'index.context',
  env: 'index.env',
  throws: 'index.throws',
  'throws-string': 'index.throwsString',
  logs: 'index.logs',
  callback: 'index.callback',
  'callback-waits': 'index.callbackWaits',
  esm: 'esm.handler',
  cjs: 'legacy.handler',
  nested: 'nested/deep.fn.inner',
  'init-throws': 'init-throws.handler',
  syntax: 'syntax.handler',
  'missing-module': 'nowhere.handler',
  'missing-dep': 'missing-dep.handler',
  'missing-handler': 'index.nothing',
  'not-a-function': 'index.invocations',
  malformed: 'index',
};

// gradual's bootstraps on each of their channels to the Runtime API: the same behaviour.
describe.each(RUNTIME_CHANNELS)('Node.js (Runtime API channel: %s)', (runtimeChannel) => {
  beforeAll(async () => {
    t = await startTestServer({ runtimeChannel });
    const zip = await nodeHandlersZip();
    await Promise.all([
      ...Object.entries(HANDLERS).map(([name, handler]) =>
        createFunction(t.lambda, {
          FunctionName: name,
          Handler: handler,
          zip,
          Environment: { Variables: { GREETING: 'hi' } },
        }),
      ),
      createFunction(t.lambda, {
        FunctionName: 'module',
        Handler: 'app.handler',
        zip: await nodeModuleZip(),
      }),
      createFunction(t.lambda, {
        FunctionName: 'callback-24',
        Handler: 'index.callback',
        Runtime: 'nodejs24.x',
        zip,
      }),
      createFunction(t.lambda, {
        FunctionName: 'async-24',
        Handler: 'index.echo',
        Runtime: 'nodejs24.x',
        zip,
      }),
    ]);
  });

  afterAll(async () => {
    await t?.dispose();
  });

  describe('Node.js functions through Invoke', () => {
    it('returns the result with 200 and X-Amz-Executed-Version', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'echo', event: { a: 1, b: [true, null] } });
      expect(r.status).toBe(200);
      expect(r.output.ExecutedVersion).toBe('$LATEST');
      expect(r.output.FunctionError).toBeUndefined();
      expect(r.json).toEqual({ a: 1, b: [true, null] });
    });

    it('treats an empty payload as {} and an undefined result as null', async () => {
      expect((await invokeFunction(t.lambda, { FunctionName: 'echo' })).payload).toBe('{}');
      expect((await invokeFunction(t.lambda, { FunctionName: 'undef' })).payload).toBe('null');
    });

    it('loads CommonJS, ES modules (.mjs and "type": "module"), .cjs and nested handlers', async () => {
      const esm = await invokeFunction(t.lambda, { FunctionName: 'esm', event: { x: 1 } });
      expect(esm.json).toEqual({ format: 'esm', url: 'file:///var/task/esm.mjs', event: { x: 1 } });
      const module = await invokeFunction(t.lambda, { FunctionName: 'module' });
      expect(module.json).toEqual({ format: 'module', url: 'file:///var/task/app.js' });
      expect((await invokeFunction(t.lambda, { FunctionName: 'cjs' })).json).toEqual({ format: 'cjs' });
      expect((await invokeFunction(t.lambda, { FunctionName: 'nested' })).json).toBe('nested');
    });

    it('gives the handler the context object Lambda gives Node.js handlers', async () => {
      const clientContext = { custom: { tenant: 't1' }, env: { locale: 'en' } };
      const r = await invokeFunction(t.lambda, {
        FunctionName: 'context',
        ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64'),
      });
      const c = r.json as Record<string, unknown>;
      expect(c['awsRequestId']).toBe(r.output.$metadata.requestId);
      expect(c['invokedFunctionArn']).toBe(`${ARN}:context`);
      expect(c['functionName']).toBe('context');
      expect(c['functionVersion']).toBe('$LATEST');
      expect(c['memoryLimitInMB']).toBe('128');
      expect(c['logGroupName']).toBe('/aws/lambda/context');
      expect(c['logStreamName']).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      expect(c['remaining']).toBeGreaterThan(2000);
      expect(c['remaining']).toBeLessThanOrEqual(3000);
      expect(c['callbackWaitsForEmptyEventLoop']).toBe(true);
      expect(c['clientContext']).toEqual(clientContext);
      expect(c['identity']).toBe('undefined');
      expect(c['traceEnv']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    });

    it('reports the ARN as invoked: qualified by name suffix, by ARN, or by Qualifier', async () => {
      const byName = await invokeFunction(t.lambda, { FunctionName: 'context:$LATEST' });
      expect((byName.json as Record<string, unknown>)['invokedFunctionArn']).toBe(`${ARN}:context:$LATEST`);
      const byArn = await invokeFunction(t.lambda, { FunctionName: `${ARN}:context` });
      expect((byArn.json as Record<string, unknown>)['invokedFunctionArn']).toBe(`${ARN}:context`);
      const byQuery = await invokeFunction(t.lambda, { FunctionName: 'context', Qualifier: '$LATEST' });
      expect(byQuery.output.ExecutedVersion).toBe('$LATEST');
    });

    it('sets the runtime environment variables Lambda defines and the function own, nothing of the server', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'env' });
      const { env, cwd } = r.json as { env: Record<string, string>; cwd: string };
      expect(cwd).toBe('/var/task');
      expect(env).toMatchObject({
        GREETING: 'hi',
        _HANDLER: 'index.env',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
        AWS_LAMBDA_FUNCTION_NAME: 'env',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/env',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: t.server.url,
        LAMBDA_TASK_ROOT: '/var/task',
        LAMBDA_RUNTIME_DIR: '/var/runtime/node',
        TZ: ':UTC',
        LANG: 'en_US.UTF-8',
        PWD: '/var/task',
      });
      // Temporary credentials of the function's own, never the user's secret.
      expect(env['AWS_ACCESS_KEY_ID']).toMatch(/^ASIA/);
      expect(env['AWS_SECRET_ACCESS_KEY']).not.toBe(t.credentials.secretAccessKey);
      expect(env['AWS_SESSION_TOKEN']).toBeTruthy();
      expect(env['AWS_LAMBDA_RUNTIME_API']).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(env['AWS_LAMBDA_LOG_STREAM_NAME']).toMatch(/\[\$LATEST\][0-9a-f]{32}$/);
      expect(env['NODE_PATH']).toContain('/var/task');
      expect(Object.keys(env).filter((k) => k.startsWith('GRADUAL') || k.startsWith('VITEST'))).toEqual([]);
    });

    it('returns function errors as 200 with X-Amz-Function-Error: Unhandled and the error JSON', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'throws' });
      expect(r.status).toBe(200);
      expect(r.output.FunctionError).toBe('Unhandled');
      const error = r.json as { errorType: string; errorMessage: string; trace: string[] };
      expect(error.errorType).toBe('TypeError');
      expect(error.errorMessage).toBe('boom');
      expect(error.trace[0]).toBe('TypeError: boom');
      expect(error.trace[1]).toContain('/var/task/index.js');
      const plain = await invokeFunction(t.lambda, { FunctionName: 'throws-string' });
      expect(plain.json).toEqual({ errorType: 'string', errorMessage: 'plain failure', trace: [] });
    });

    it('supports callback handlers up to nodejs22.x, waiting for the event loop by default', async () => {
      expect((await invokeFunction(t.lambda, { FunctionName: 'callback' })).json).toEqual({
        via: 'callback',
      });
      const waits = await invokeFunction(t.lambda, { FunctionName: 'callback-waits', LogType: 'Tail' });
      expect(waits.json).toBe('called back');
      expect(waits.log).toMatch(/\tINFO\tafter the callback\n/);
    });

    it('refuses callback handlers on nodejs24.x with the runtime error of AWS', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'callback-24' });
      expect(r.output.FunctionError).toBe('Unhandled');
      const error = r.json as { errorType: string; errorMessage: string };
      expect(error.errorType).toBe('Runtime.CallbackHandlerDeprecated');
      expect(error.errorMessage).toMatch(
        /^ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node\.js 24\./,
      );
      expect((await invokeFunction(t.lambda, { FunctionName: 'async-24', event: 1 })).json).toBe(1);
    });

    it.each([
      ['init-throws', 'Error', /^init failed$/],
      ['syntax', 'Runtime.UserCodeSyntaxError', /^SyntaxError: /],
      ['missing-module', 'Runtime.ImportModuleError', /^Error: Cannot find module 'nowhere'/],
      ['missing-dep', 'Runtime.ImportModuleError', /^Error: Cannot find module 'left-pad-that-is-not-there'/],
      ['missing-handler', 'Runtime.HandlerNotFound', /^index\.nothing is undefined or not exported$/],
      ['malformed', 'Runtime.MalformedHandlerName', /^Bad handler$/],
    ])('reports the init failure of %s as %s', async (name, type, message) => {
      const r = await invokeFunction(t.lambda, { FunctionName: name, LogType: 'Tail' });
      expect(r.status).toBe(200);
      expect(r.output.FunctionError).toBe('Unhandled');
      const error = r.json as { errorType: string; errorMessage: string };
      expect(error.errorType).toBe(type);
      expect(error.errorMessage).toMatch(message);
      expect(r.log).toContain('Init Error');
    });

    it('returns the Tail log: output between START and END, then REPORT with Init Duration when cold', async () => {
      const r = await invokeFunction(t.lambda, {
        FunctionName: 'logs',
        event: { who: 'tail' },
        LogType: 'Tail',
      });
      const id = r.output.$metadata.requestId!;
      const lines = r.log.split('\n');
      // A cold start says what really runs the runtime name here.
      expect(lines[0]).toBe(
        `INIT_START Runtime Version: nodejs20.x\tRuntime: Node.js ${process.versions.node} (${realpathSync(process.execPath)})`,
      );
      expect(lines[1]).toBe(`START RequestId: ${id} Version: $LATEST`);
      expect(r.log).toMatch(new RegExp(`\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${id}\\tINFO\\thello from tail\\n`));
      expect(r.log).toMatch(new RegExp(`\\t${id}\\tERROR\\tan error line\\n`));
      expect(r.log).toContain('raw line\n');
      expect(r.log).toContain(`END RequestId: ${id}\n`);
      expect(r.log).toMatch(
        new RegExp(
          `REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms\\t\\n$`,
        ),
      );
      const warm = await invokeFunction(t.lambda, {
        FunctionName: 'logs',
        event: { who: 'again' },
        LogType: 'Tail',
      });
      expect(warm.log).not.toContain('Init Duration');
      expect(warm.log).not.toContain('INIT_START');
      expect(warm.log).not.toContain('hello from tail');
      const none = await invokeFunction(t.lambda, { FunctionName: 'logs', event: { who: 'x' } });
      expect(none.output.LogResult).toBeUndefined();
    });

    it('answers DryRun with 204 and Event with 202, both with empty bodies', async () => {
      const dry = await invokeFunction(t.lambda, { FunctionName: 'echo', InvocationType: 'DryRun' });
      expect(dry.status).toBe(204);
      expect(dry.payload).toBe('');
      const event = await invokeFunction(t.lambda, {
        FunctionName: 'echo',
        InvocationType: 'Event',
        event: {},
      });
      expect(event.status).toBe(202);
      expect(event.payload).toBe('');
      expect(event.output.ExecutedVersion).toBeUndefined();
    });
  });

  describe('Invoke request errors', () => {
    it('404s a missing function, version or alias with Lambda messages', async () => {
      const fn = await awsError(invokeFunction(t.lambda, { FunctionName: 'nope' }));
      expect(fn).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
      expect(fn.message).toBe(`Function not found: ${ARN}:nope:$LATEST`);
      const version = await awsError(invokeFunction(t.lambda, { FunctionName: 'echo', Qualifier: '7' }));
      expect(version.message).toBe(`Function not found: ${ARN}:echo:7`);
      const alias = await awsError(invokeFunction(t.lambda, { FunctionName: 'echo:live' }));
      expect(alias.message).toBe(`Function not found: ${ARN}:echo:live`);
      const dry = await awsError(
        invokeFunction(t.lambda, { FunctionName: 'nope', InvocationType: 'DryRun' }),
      );
      expect(dry.status).toBe(404);
    });

    it('rejects a payload that is not JSON with InvalidRequestContentException', async () => {
      const e = await awsError(
        t.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: Buffer.from('hello') })),
      );
      expect(e).toMatchObject({ name: 'InvalidRequestContentException', status: 400 });
      expect(e.message).toMatch(
        /^Could not parse request body into json: Could not parse payload into json: /,
      );
    });

    it('rejects payloads over 6 MB (sync) and 1 MB (Event) with 413 RequestEntityTooLargeException', async () => {
      const big = Buffer.from(JSON.stringify('x'.repeat(6 * 1024 * 1024)));
      const sync = await awsError(t.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: big })));
      expect(sync).toMatchObject({ name: 'RequestEntityTooLargeException', status: 413 });
      expect(sync.message).toBe(
        'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      );
      const medium = Buffer.from(JSON.stringify('x'.repeat(1024 * 1024)));
      const async = await awsError(
        t.lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: medium, InvocationType: 'Event' })),
      );
      expect(async).toMatchObject({ name: 'RequestEntityTooLargeException', status: 413 });
      expect(async.message).toBe(
        `${medium.length} byte payload is too large for the Event invocation type (limit 1048576 bytes)`,
      );
    });

    it('refuses a qualifier in the name that differs from Qualifier', async () => {
      const e = await awsError(invokeFunction(t.lambda, { FunctionName: 'echo:1', Qualifier: '2' }));
      expect(e).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    });
  });
});

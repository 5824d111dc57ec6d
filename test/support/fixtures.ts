import {
  CreateFunctionCommand,
  InvokeCommand,
  type CreateFunctionCommandInput,
  type InvokeCommandInput,
  type InvokeCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { buildZip } from '../../src/common/zip-writer.js';
import { waitUntil } from './lambda.js';
import { ROLE } from './functions.js';

/**
 * Fixture functions for the invoke tests: one Node.js package with a handler per behaviour,
 * module-format variants, a Python package and a `provided` bootstrap.
 */
const NODE_HANDLERS = `
const fs = require('node:fs');
let invocations = 0;

exports.echo = async (event) => event;
exports.undef = async () => undefined;
exports.version = async (event, context) => {
  if (event && event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep));
  return { version: context.functionVersion };
};
exports.context = async (event, context) => ({
  awsRequestId: context.awsRequestId,
  invokedFunctionArn: context.invokedFunctionArn,
  functionName: context.functionName,
  functionVersion: context.functionVersion,
  memoryLimitInMB: context.memoryLimitInMB,
  logGroupName: context.logGroupName,
  logStreamName: context.logStreamName,
  remaining: context.getRemainingTimeInMillis(),
  callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
  clientContext: context.clientContext,
  identity: context.identity === undefined ? 'undefined' : context.identity,
  traceEnv: process.env._X_AMZN_TRACE_ID,
});
exports.env = async () => ({ env: process.env, cwd: process.cwd() });
exports.throws = async () => {
  throw new TypeError('boom');
};
exports.throwsString = async () => {
  throw 'plain failure';
};
exports.logs = async (event) => {
  console.log('hello from', event.who);
  console.error('an error line');
  process.stdout.write('raw line\\n');
  return 'logged';
};
exports.sleep = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return { slept: event.ms };
};
exports.crash = async () => {
  process.exit(2);
};
exports.oom = async () => {
  const keep = [];
  for (;;) keep.push(new Array(1024 * 1024).fill(1.5));
};
exports.big = async () => 'x'.repeat(7 * 1024 * 1024);
exports.counter = async (event) => {
  invocations += 1;
  fs.appendFileSync('/tmp/counter', 'x');
  if (event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep));
  return { invocations, tmpLength: fs.readFileSync('/tmp/counter', 'utf8').length };
};
exports.callback = (event, context, callback) => {
  setTimeout(() => callback(null, { via: 'callback' }), 5);
};
exports.callbackWaits = (event, context, callback) => {
  setTimeout(() => console.log('after the callback'), 30);
  callback(null, 'called back');
};
exports.probe = async (event) => {
  const attempt = (fn) => {
    try {
      return { ok: true, value: fn() };
    } catch (error) {
      return { ok: false, code: error.code };
    }
  };
  return {
    readDataDir: attempt(() => fs.readdirSync(event.dataDir)),
    readDatabase: attempt(() => fs.readFileSync(event.dataDir + '/gradual.db').length),
    readOtherCode: attempt(() => fs.readdirSync(event.otherCode)),
    writeCode: attempt(() => fs.writeFileSync('/var/task/written', 'x')),
    writeTmp: attempt(() => {
      fs.writeFileSync('/tmp/' + event.file, 'x');
      return fs.readdirSync('/tmp');
    }),
    serverEnv: Object.keys(process.env).filter((k) => k.startsWith('GRADUAL_')),
  };
};
exports.sdk = async () => {
  const { LambdaClient, GetFunctionConfigurationCommand } = require('@aws-sdk/client-lambda');
  const client = new LambdaClient({});
  const config = await client.send(
    new GetFunctionConfigurationCommand({ FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME }),
  );
  return { name: config.FunctionName, runtime: config.Runtime };
};
`;

export function nodeHandlersZip(): Promise<Buffer> {
  return buildZip({
    'index.js': NODE_HANDLERS,
    'esm.mjs': 'export const handler = async (event) => ({ format: "esm", url: import.meta.url, event });\n',
    'legacy.cjs': 'exports.handler = async () => ({ format: "cjs" });\n',
    'nested/deep.js': 'exports.fn = { inner: async () => "nested" };\n',
    'init-throws.js': 'throw new Error("init failed");\n',
    'syntax.js': 'exports.handler = async () => { return ;;; }}\n',
    'missing-dep.js': 'require("left-pad-that-is-not-there");\nexports.handler = async () => 1;\n',
  });
}

/** A package whose package.json says `"type": "module"`, so `.js` is an ES module. */
export function nodeModuleZip(): Promise<Buffer> {
  return buildZip({
    'package.json': JSON.stringify({ type: 'module' }),
    'app.js': 'export const handler = async () => ({ format: "module", url: import.meta.url });\n',
  });
}

const PYTHON_APP = `
import json
import os

print("python init")

def echo(event, context):
    print("python got", json.dumps(event))
    return event

def context(event, context):
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining": context.get_remaining_time_in_millis(),
        "cwd": os.getcwd(),
        "handler_env": os.environ.get("_HANDLER"),
    }

def none(event, context):
    return None

def fails(event, context):
    raise Exception("Handler fails")

def unserializable(event, context):
    return {"when": object()}

def sdk(event, context):
    import sys, boto3
    return {"boto3": boto3.__version__, "python": "%d.%d.%d" % sys.version_info[:3]}
`;

export function pythonZip(): Promise<Buffer> {
  return buildZip({
    'app.py': PYTHON_APP,
    'broken.py': 'raise Exception("Runtime startup fails")\n',
    'badsyntax.py': 'def handler(event, context)\n    return 1\n',
  });
}

/** A `provided` runtime: the package's own executable speaks the Runtime API (here in Node). */
const PROVIDED_BOOTSTRAP = `#!/usr/bin/env node
const base = 'http://' + process.env.AWS_LAMBDA_RUNTIME_API + '/2018-06-01/runtime/invocation/';
(async () => {
  for (;;) {
    const next = await fetch(base + 'next');
    const id = next.headers.get('lambda-runtime-aws-request-id');
    const event = await next.json();
    if (event.fail) {
      await fetch(base + id + '/error', {
        method: 'POST',
        headers: { 'Lambda-Runtime-Function-Error-Type': 'Custom.Failure' },
        body: JSON.stringify({ errorType: 'Custom.Failure', errorMessage: 'asked to fail' }),
      });
      continue;
    }
    console.log('provided handling', id);
    const reply = { provided: true, handler: process.env._HANDLER, event, arn: next.headers.get('lambda-runtime-invoked-function-arn') };
    await fetch(base + id + '/response', { method: 'POST', body: JSON.stringify(reply) });
  }
})();
`;

export function providedZip(): Promise<Buffer> {
  return buildZip({ bootstrap: { content: PROVIDED_BOOTSTRAP, executable: true } });
}

export async function createFunction(
  lambda: LambdaClient,
  input: Partial<CreateFunctionCommandInput> & { FunctionName: string; Handler: string; zip: Buffer },
): Promise<void> {
  const { zip, ...rest } = input;
  await lambda.send(
    new CreateFunctionCommand({ Runtime: 'nodejs20.x', Role: ROLE, Code: { ZipFile: zip }, ...rest }),
  );
  await waitUntil(lambda, input.FunctionName, (c) => c.State === 'Active');
}

export interface Invocation {
  output: InvokeCommandOutput;
  status: number | undefined;
  payload: string;
  json: unknown;
  log: string;
}

/** Invokes and decodes the payload (JSON when it parses) and the Tail log. */
export async function invokeFunction(
  lambda: LambdaClient,
  input: Omit<InvokeCommandInput, 'Payload'> & { event?: unknown },
): Promise<Invocation> {
  const { event, ...rest } = input;
  const output = await lambda.send(
    new InvokeCommand({
      ...rest,
      ...(event === undefined ? {} : { Payload: Buffer.from(JSON.stringify(event)) }),
    }),
  );
  const payload = Buffer.from(output.Payload ?? new Uint8Array()).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    json = undefined;
  }
  const log = output.LogResult ? Buffer.from(output.LogResult, 'base64').toString('utf8') : '';
  return { output, status: output.StatusCode, payload, json, log };
}

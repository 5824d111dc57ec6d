// gradual's Node.js runtime: loads the function's handler and serves it through the Lambda Runtime
// API (2018-06-01), behaving as AWS's Node.js runtime interface client does: CommonJS and ES
// modules, async and callback handlers (callbacks refused from nodejs24.x), the context object,
// Runtime.* init errors, and console output formatted as Lambda's.
// Plain JavaScript on purpose: it runs inside the sandbox on the machine's node, with no build step.
import net from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';

const require = createRequire(import.meta.url);
const env = process.env;
const [apiHost, apiPort] = (env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001').split(':');
const nodeMajor = Number(
  /nodejs(\d+)/.exec(env.AWS_EXECUTION_ENV ?? '')?.[1] ?? process.versions.node.split('.')[0],
);

let currentRequestId;

// --- console, as Lambda formats it ---------------------------------------------------------------
const stdout = process.stdout;
// One ordered stream: Lambda does not separate stdout from stderr either.
process.stderr.write = stdout.write.bind(stdout);
function logLine(level, args) {
  const message = util.format(...args);
  stdout.write(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${message}\n`);
}
for (const [method, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
]) {
  console[method] = (...args) => logLine(level, args);
}

// --- errors ---------------------------------------------------------------------------------------
class RuntimeError extends Error {
  constructor(type, message) {
    super(message);
    this.name = `Runtime.${type}`;
  }
}

function isErrorLike(x) {
  return x && typeof x.name === 'string' && typeof x.message === 'string' && typeof x.stack === 'string';
}

function toRuntimeError(error) {
  try {
    if (util.types.isNativeError(error) || isErrorLike(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack).split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

function logError(label, error) {
  const described = isErrorLike(error)
    ? { errorType: error.name, errorMessage: error.message, stack: String(error.stack).split('\n') }
    : error;
  let text;
  try {
    text = JSON.stringify(described);
  } catch {
    text = JSON.stringify(toRuntimeError(error));
  }
  logLine('ERROR', [`${label} \t${text}`]);
}

// --- the Runtime API client -----------------------------------------------------------------------
// gradual's framed channel when the platform offers it (src/server/runtime/runtime-frames.ts):
// `u32 head length | u32 body length | head JSON | body`, requests numbered, and a result asks for
// no reply unless it is refused. Otherwise, HTTP: a minimal HTTP/1.1 client on one kept-alive connection, cheaper than node:http per request and
// able to pipeline (the result and the next /next leave in one write). The Runtime API always
// answers with Content-Length. The socket keeps the process alive only while a request waits,
// so a callback handler's "wait for an empty event loop" still sees the loop drain.
let socket;
const framesPath = env._GRADUAL_RUNTIME_FRAMES_SOCKET;
// Bytes received and not yet parsed, kept as chunks so a large event is joined once, not per chunk.
let chunks = [];
let size = 0;
/** Bytes the frame or response at the front needs before it can be cut: nothing is joined before. */
let needed = 0;
/** The head of the response being received: status, headers, where its body starts and ends. */
let head;
const waiting = [];
/** Framed requests waiting for their reply, by number. */
const pending = new Map();
let lastId = 0;
let corked = false;

function connect() {
  // The environment's Runtime API socket when there is one: one hop fewer than its loopback port.
  const path = framesPath ?? env._GRADUAL_RUNTIME_API_SOCKET;
  socket = path ? net.connect({ path }) : net.connect({ host: apiHost, port: Number(apiPort) });
  if (!path) socket.setNoDelay(true);
  socket.unref();
  socket.on('data', (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size < needed) return;
    if (framesPath) parseFrames();
    else parseResponses();
  });
  const fail = () => {
    socket = undefined;
    chunks = [];
    size = 0;
    needed = 0;
    head = undefined;
    const error = new Error('the Runtime API connection closed');
    for (const w of waiting.splice(0)) w.reject(error);
    for (const w of pending.values()) w.reject(error);
    pending.clear();
  };
  socket.on('error', fail);
  socket.on('close', fail);
}

function joined() {
  if (chunks.length > 1) chunks = [Buffer.concat(chunks, size)];
  return chunks[0] ?? Buffer.alloc(0);
}

function parseResponses() {
  while (waiting.length > 0) {
    if (!head) {
      const buffer = joined();
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const start = end + 4;
      head = {
        status: Number(lines[0].split(' ')[1]),
        headers,
        start,
        end: start + Number(headers['content-length'] ?? 0),
      };
    }
    if (size < head.end) {
      needed = head.end;
      return;
    }
    needed = 0;
    const buffer = joined();
    const body = buffer.subarray(head.start, head.end);
    const rest = buffer.subarray(head.end);
    chunks = rest.length ? [rest] : [];
    size = rest.length;
    const { status, headers } = head;
    head = undefined;
    const w = waiting.shift();
    if (waiting.length === 0) socket?.unref();
    w.resolve({ status, headers, body });
  }
}

function parseFrames() {
  while (size >= 8) {
    // The prefix alone, joined only when it straddles chunks.
    const first = chunks[0].length >= 8 ? chunks[0] : joined();
    const headEnd = 8 + first.readUInt32BE(0);
    const end = headEnd + first.readUInt32BE(4);
    if (size < end) {
      needed = end;
      return;
    }
    needed = 0;
    const buffer = joined();
    const reply = JSON.parse(buffer.toString('utf8', 8, headEnd));
    const body = buffer.subarray(headEnd, end);
    const rest = buffer.subarray(end);
    chunks = rest.length ? [rest] : [];
    size = rest.length;
    const w = pending.get(reply.i);
    if (w) {
      pending.delete(reply.i);
      if (pending.size === 0) socket?.unref();
      w.resolve({ status: reply.s, headers: reply.h, body });
    } else if (reply.s >= 300) {
      // A quiet request (a result) hears back only when it is refused.
      logLine('ERROR', [`the Runtime API refused the result: ${body}`]);
    }
  }
}

const QUIET_ACCEPTED = { status: 202, headers: {}, body: Buffer.from('{"status":"OK"}') };

/** A request as one frame; what leaves in one tick leaves in one write (a result and the next /next). */
function callFramed(method, target, payload, headers, quiet) {
  const id = ++lastId;
  const h = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'content-length') h[lower] = String(value);
  }
  const head = Buffer.from(JSON.stringify({ i: id, m: method, p: target, h, ...(quiet ? { q: true } : {}) }));
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeUInt32BE(head.length, 0);
  prefix.writeUInt32BE(payload?.length ?? 0, 4);
  const s = socket;
  if (!corked) {
    corked = true;
    s.cork();
    process.nextTick(() => {
      corked = false;
      s.uncork();
    });
  }
  s.write(prefix);
  s.write(head);
  if (payload?.length) s.write(payload);
  if (quiet) return Promise.resolve(QUIET_ACCEPTED);
  s.ref();
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

/** `quiet`: a result, which the framed channel answers only when it refuses it. */
function call(method, urlPath, body, headers = {}, quiet = false) {
  if (!socket) connect();
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const target = urlPath.startsWith('/') ? urlPath : `/2018-06-01/runtime/${urlPath}`;
  if (framesPath) return callFramed(method, target, payload, headers, quiet);
  let head = `${method} ${target} HTTP/1.1\r\nHost: ${apiHost}:${apiPort}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-length') head += `${name}: ${value}\r\n`;
  }
  if (payload !== undefined) head += `Content-Length: ${payload.length}\r\n`;
  head += '\r\n';
  socket.ref();
  socket.write(payload === undefined ? head : Buffer.concat([Buffer.from(head, 'latin1'), payload]));
  return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
}

function postError(urlPath, error, quiet = false) {
  const payload = toRuntimeError(error);
  const body = Buffer.from(JSON.stringify(payload));
  return call(
    'POST',
    urlPath,
    body,
    {
      'content-type': 'application/json',
      'content-length': body.length,
      'lambda-runtime-function-error-type': payload.errorType,
    },
    quiet,
  );
}

// --- loading the handler --------------------------------------------------------------------------
function packageTypeIsModule(folder) {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (dir.endsWith('/node_modules')) return false;
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        return JSON.parse(readFileSync(pj, 'utf8'))?.type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === path.dirname(dir)) return false;
  }
}

async function loadModule(taskRoot, moduleRoot, name) {
  const file = path.resolve(taskRoot, moduleRoot, name);
  if (existsSync(file)) return require(file);
  const isModule = packageTypeIsModule(path.dirname(file));
  if (existsSync(`${file}.js`))
    return isModule ? import(pathToFileURL(`${file}.js`).href) : require(`${file}.js`);
  if (existsSync(`${file}.mjs`)) return import(pathToFileURL(`${file}.mjs`).href);
  if (existsSync(`${file}.cjs`)) return require(`${file}.cjs`);
  return require(require.resolve(name, { paths: [taskRoot, path.resolve(taskRoot, moduleRoot)] }));
}

async function loadHandler() {
  const full = env._HANDLER ?? '';
  const taskRoot = env.LAMBDA_TASK_ROOT ?? process.cwd();
  if (full.includes('..')) {
    throw new RuntimeError(
      'MalformedHandlerName',
      `'${full}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const base = path.basename(full);
  const moduleRoot = full.slice(0, full.length - base.length);
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match) throw new RuntimeError('MalformedHandlerName', 'Bad handler');
  const [, moduleName, handlerPath] = match;
  let app;
  try {
    app = await loadModule(taskRoot, moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new RuntimeError('UserCodeSyntaxError', String(error));
    if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new RuntimeError('ImportModuleError', String(error));
    }
    throw error;
  }
  const handler = handlerPath.split('.').reduce((object, key) => object?.[key], app);
  if (!handler) throw new RuntimeError('HandlerNotFound', `${full} is undefined or not exported`);
  if (typeof handler !== 'function') throw new RuntimeError('HandlerNotFound', `${full} is not a function`);
  if (nodeMajor >= 24 && handler.length >= 3) {
    throw new RuntimeError(
      'CallbackHandlerDeprecated',
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
  }
  return handler;
}

// --- one invocation -------------------------------------------------------------------------------
let beforeExitHook;
process.on('beforeExit', () => {
  const hook = beforeExitHook;
  beforeExitHook = undefined;
  if (hook) hook();
});

function parseHeaderJson(value) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function buildContext(headers, callbacks) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  let waits = true;
  const context = {
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parseHeaderJson(headers['lambda-runtime-cognito-identity']),
    clientContext: parseHeaderJson(headers['lambda-runtime-client-context']),
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
    get callbackWaitsForEmptyEventLoop() {
      return waits;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waits = value;
    },
    ...callbacks,
  };
  if (nodeMajor >= 24) context.xRayTraceId = headers['lambda-runtime-trace-id'];
  return context;
}

function handleOne(handler, isAsync, headers, body) {
  return new Promise((finish) => {
    const requestId = headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    const trace = headers['lambda-runtime-trace-id'];
    if (trace) env._X_AMZN_TRACE_ID = trace;
    else delete env._X_AMZN_TRACE_ID;
    errorTarget = `invocation/${requestId}/error`;

    let finished = false;
    const complete = (failed, value) => {
      if (finished) {
        console.error(
          'Invocation has already been reported as done. Cannot call complete more than once per invocation.',
        );
        return;
      }
      finished = true;
      beforeExitHook = undefined;
      let send;
      if (failed) {
        logError('Invoke Error', value);
        send = postError(`invocation/${requestId}/error`, value, true);
      } else {
        let text;
        try {
          text = JSON.stringify(value === undefined ? null : value);
        } catch (error) {
          finished = false;
          return complete(true, error);
        }
        const buffer = Buffer.from(text ?? 'null');
        send = call(
          'POST',
          `invocation/${requestId}/response`,
          buffer,
          { 'content-type': 'application/json', 'content-length': buffer.length },
          true,
        );
      }
      send.then(
        (res) => {
          if (res.status >= 300) logLine('ERROR', [`the Runtime API refused the result: ${res.body}`]);
        },
        (error) => logLine('ERROR', [`could not report the result to the Runtime API: ${error}`]),
      );
      // The next /next follows on the same connection, right behind the result.
      finish();
    };
    let settledOnce = false;
    const once =
      (fn) =>
      (...args) => {
        if (settledOnce) return;
        settledOnce = true;
        fn(...args);
      };
    const done = once((err, result) =>
      err !== undefined && err !== null ? complete(true, err) : complete(false, result),
    );
    const callbacks = {
      done,
      succeed: (result) => done(null, result),
      fail: (err) => done(err === undefined || err === null ? 'handled' : err, null),
    };
    const context = buildContext(headers, callbacks);
    const callback = once((err, result) => {
      if (err !== undefined && err !== null) return complete(true, err);
      if (!context.callbackWaitsForEmptyEventLoop) return complete(false, result);
      beforeExitHook = () => setImmediate(() => complete(false, result));
    });
    // If nothing answers before the event loop empties: a callback-style handler returns null,
    // an async one that never settled is an error.
    beforeExitHook = isAsync
      ? () =>
          complete(
            true,
            new RuntimeError(
              'NodeJsExit',
              'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
            ),
          )
      : () => complete(false, null);
    try {
      const event = JSON.parse(body.length ? body.toString('utf8') : '{}');
      const result = nodeMajor >= 24 ? handler(event, context) : handler(event, context, callback);
      if (result && typeof result.then === 'function') {
        result.then(
          (value) => done(null, value),
          (error) => done(error === undefined || error === null ? 'handled' : error, null),
        );
      }
    } catch (error) {
      callback(error);
    }
  });
}

// --- process-level failures -----------------------------------------------------------------------
let errorTarget = 'init/error';
process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  postError(errorTarget, error).finally(() => process.exit(129));
});
process.on('unhandledRejection', (reason) => {
  const error = new RuntimeError('UnhandledPromiseRejection', String(reason));
  if (isErrorLike(reason)) error.stack = `${error.name}: ${reason.stack}`;
  logError('Unhandled Promise Rejection', error);
  postError(errorTarget, error).finally(() => process.exit(128));
});

// --- the rehearsal clock -------------------------------------------------------------------------
// Under --time-scale, libfaketime starts this process's scaled clock when it loads, a few real
// milliseconds after gradual set its offset, so it starts that much (times the scale) behind the
// platform. One look at the platform's clock sets it right before the function's code runs
// (libfaketime rereads FAKETIME on every call).
async function syncClock() {
  const match = /^([+-]\d+(?:\.\d+)?) (x\d+(?:\.\d+)?)$/.exec(env.FAKETIME ?? '');
  if (!match) return;
  try {
    // The quickest of three round trips (the first also connects) says the most.
    let best;
    for (let i = 0; i < 3; i++) {
      const before = Date.now();
      const res = await call('GET', '/gradual/clock');
      const after = Date.now();
      const lag = JSON.parse(res.body.toString('utf8')).now - (before + after) / 2;
      if (!best || after - before < best.rtt) best = { rtt: after - before, lag };
    }
    const offset = Number(match[1]) * 1000 + best.lag;
    env.FAKETIME = `${offset < 0 ? '-' : '+'}${(Math.abs(offset) / 1000).toFixed(3)} ${match[2]}`;
  } catch {
    // An older server without the clock: keep the offset it gave.
  }
}

// --- main -----------------------------------------------------------------------------------------
await syncClock();
let handler;
try {
  handler = await loadHandler();
} catch (error) {
  logError('Init Error', error);
  await postError('init/error', error).catch(() => {});
  process.exit(1);
}
const isAsync = handler.constructor?.name === 'AsyncFunction';
for (;;) {
  const next = await call('GET', 'invocation/next');
  await handleOne(handler, isAsync, next.headers, next.body);
}

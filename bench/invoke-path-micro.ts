/**
 * The server's own steps of one warm invocation, each in a loop outside the server (no sockets, no
 * runtime): the Invoke operation (`runRest` with an invoker that answers at once) and its parts,
 * a function URL's event and answer, the log line and the metrics of one invocation. Figures are
 * per call on a hot cache: compare checkouts with them, not with the server's CPU per request.
 * Run: `npx tsx bench/invoke-path-micro.ts`.
 */
import { randomUUID } from 'node:crypto';
import { invoke } from '../src/server/api/lambda/invoke.js';
import type { LambdaDeps } from '../src/server/api/lambda/operation.js';
import { LAMBDA_SERVICE } from '../src/server/api/lambda/routes.js';
import { jsonLeaves } from '../src/server/api/protocols/leaves.js';
import {
  decodeRest,
  encodeRest,
  prepared,
  runRest,
  type RestRequest,
} from '../src/server/api/rest-operation.js';
import { joinedHeaders } from '../src/server/gateway/http-request.js';
import { functionUrlEvent, functionUrlResponse } from '../src/server/gateway/payload-v2.js';
import type { GatewayRequest } from '../src/server/gateway/router.js';
import { encodeRecord } from '../src/server/invoke/logs/records.js';
import { Aggregator } from '../src/server/metrics/aggregator.js';
import { MetricsRecorder } from '../src/server/metrics/recorder.js';
import { invocationLog } from '../src/server/runtime/invocation-log.js';

const NOW = 1_765_000_000_000;

function report(name: string, n: number, started: number): void {
  console.log(`${name.padEnd(32)} ${(((performance.now() - started) * 1000) / n).toFixed(2).padStart(6)} us`);
}

function bench(name: string, n: number, fn: () => unknown): void {
  for (let i = 0; i < 2000; i++) fn();
  const started = performance.now();
  for (let i = 0; i < n; i++) fn();
  report(name, n, started);
}

async function benchAsync(name: string, n: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 2000; i++) await fn();
  const started = performance.now();
  for (let i = 0; i < n; i++) await fn();
  report(name, n, started);
}

const op = prepared(invoke);
const payload = Buffer.from('{"n":1}');
const answer = Buffer.from('{"ok":true,"n":1}');
const deps = {
  registry: { account: { accountId: '000000000000', region: 'us-east-1' } },
  invoke: {
    invoker: {
      invoke: () =>
        Promise.resolve({
          executedVersion: '$LATEST',
          body: answer,
          functionError: false,
          logResult: undefined,
        }),
    },
  },
} as unknown as LambdaDeps;
const headers: Record<string, string> = { host: 'localhost:1234', 'content-length': '7' };
const request = (): RestRequest => ({
  params: { FunctionName: 'bench' },
  query: new URLSearchParams(''),
  header: (name) => headers[name.toLowerCase()],
  body: payload,
  requestId: randomUUID(),
  caller: undefined,
  baseUrl: 'http://localhost:1234',
});

await benchAsync('runRest (Invoke, invoker stubbed)', 100_000, () =>
  runRest(LAMBDA_SERVICE, op, request(), deps),
);
const one = request();
bench('  decodeRest', 200_000, () => decodeRest(op, one, LAMBDA_SERVICE.decodeBody));
const members = decodeRest(op, one, LAMBDA_SERVICE.decodeBody);
const schema = op.input(jsonLeaves);
bench('  schema safeParse', 200_000, () => schema.safeParse(members));
const input = schema.parse(members);
const context = { requestId: 'x', caller: undefined, baseUrl: 'http://localhost:1234' };
await benchAsync('  handle', 100_000, () => op.handle(input, deps, context));
const output = { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: answer };
bench('  encodeRest', 200_000, () => encodeRest(op, output));

const raw = ['Host', 'localhost:1234', 'Content-Length', '7', 'Content-Type', 'application/json'];
bench('joinedHeaders', 200_000, () => joinedHeaders(raw));
const gatewayRequest: GatewayRequest = {
  method: 'POST',
  rawPath: '/',
  rawQuery: '',
  headers: joinedHeaders(raw),
  rawHeaders: raw,
  body: payload,
  hostname: 'localhost',
  sourceIp: '127.0.0.1',
  requestId: randomUUID(),
  receivedAt: NOW,
};
const v2 = {
  accountId: 'anonymous',
  urlId: 'abc',
  domainName: 'abc.lambda-url.us-east-1.localhost',
  rawPath: '/',
  iam: undefined,
};
bench('function URL event, as JSON', 200_000, () =>
  Buffer.from(JSON.stringify(functionUrlEvent(gatewayRequest, v2))),
);
bench('function URL answer', 200_000, () => functionUrlResponse({ body: answer }));

const log = (): string =>
  invocationLog({
    requestId: randomUUID(),
    version: '$LATEST',
    output: '',
    durationMs: 1.234,
    memorySizeMb: 128,
    maxMemoryUsedMb: 40,
    initDurationMs: undefined,
  });
bench('log text and its JSON line', 200_000, () =>
  encodeRecord({ t: NOW, s: '2026/12/07/[$LATEST]abcdef0123456789', m: log(), v: '$LATEST' }),
);
const recorder = new MetricsRecorder(new Aggregator());
let second = 0;
bench('metrics of one invocation', 200_000, () =>
  recorder.record({
    functionName: 'bench',
    qualifier: undefined,
    executedVersion: '$LATEST',
    // A new second now and then, as under load: buckets roll.
    startedAt: NOW + Math.floor(second++ / 10_000) * 1000,
    durationMs: 1.3,
    outcome: 'success',
    invocationType: 'RequestResponse',
    concurrentExecutions: 3,
    coldStart: false,
  }),
);
// The aggregator announces new data on a later turn; nothing else keeps the process.
process.exit(0);

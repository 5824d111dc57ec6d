import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
} from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip } from '../../src/common/zip-writer.js';
import { clients, ensureBenchRole, pooled, ROLE } from './clients.js';
import { CREDENTIALS, mb, startServerProcess, type ServerProcess } from './server-process.js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';

export interface SoakOptions {
  minutes: number;
  timeScale: number;
  functions: number;
  perSecond: number;
  /** Extra log text each invocation prints, in KB. */
  logKb: number;
  /** `--log-cap` of the server, in MB. */
  logCapMb: number;
  /** Retention set on every log group (days). */
  retentionDays: number;
  sampleEverySeconds: number;
}

async function metrics(server: ServerProcess): Promise<string> {
  return (await fetch(`${server.url}/metrics`)).text();
}

function value(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : NaN;
}

/** A CloudWatch Logs call, signed (the SDK for Logs is not a dependency). */
async function logsCall(server: ServerProcess, operation: string, body: unknown): Promise<Response> {
  const url = new URL(server.url);
  const signer = new SignatureV4({
    credentials: CREDENTIALS,
    region: 'us-east-1',
    service: 'logs',
    sha256: Hash.bind(null, 'sha256'),
  });
  const text = JSON.stringify(body);
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `Logs_20140328.${operation}`,
    },
    body: text,
  });
  return fetch(`${server.url}/`, { method: 'POST', headers: signed.headers, body: text });
}

/**
 * Steady traffic on the scaled clock: `perSecond` invocations a second spread over `functions`
 * functions, each printing `logKb` KB, with a retention policy on every log group and a log cap,
 * sampling the server's RSS, heap and data dir size over time; then a minute without traffic.
 */
export async function soakPhase(options: SoakOptions): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-scale-soak-'));
  const server = await startServerProcess(dataDir, [
    '--time-scale',
    String(options.timeScale),
    '--log-cap',
    String(options.logCapMb),
  ]);
  await ensureBenchRole(server);
  const sdk = clients(server, 64);
  const { lambda } = sdk;
  const zip = await buildZip({
    'index.js': `const pad = "x".repeat(${options.logKb * 1024});\nexports.handler = async (e) => { console.log("soak " + e.n + " " + pad); return { n: e.n }; };\n`,
  });
  const names = Array.from({ length: options.functions }, (_, i) => `soak-${String(i).padStart(3, '0')}`);
  await pooled(names, 8, async (name) => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
      }),
    );
    for (;;) {
      const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      if (c.State === 'Active') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await lambda.send(new InvokeCommand({ FunctionName: name, Payload: '{"n":0}' }));
    await logsCall(server, 'PutRetentionPolicy', {
      logGroupName: `/aws/lambda/${name}`,
      retentionInDays: options.retentionDays,
    });
  });

  console.log(
    `\nSoak: ${options.perSecond} invocations/s over ${options.functions} functions for ${options.minutes} min at --time-scale ${options.timeScale} (${((options.minutes * options.timeScale) / 60).toFixed(1)} h of platform time), ${options.logKb} KB of log each, retention ${options.retentionDays} day, --log-cap ${options.logCapMb} MB`,
  );
  console.log(
    `${'minute'.padStart(7)} ${'invocations'.padStart(12)} ${'errors'.padStart(7)} ${'RSS'.padStart(9)} ${'heap'.padStart(9)} ${'data dir'.padStart(10)} ${'logs kept'.padStart(10)} ${'logs deleted'.padStart(13)} ${'metrics db'.padStart(11)}`,
  );
  let done = 0;
  let errors = 0;
  let inFlight = 0;
  let n = 0;
  const sample = async (label: string): Promise<void> => {
    const text = await metrics(server);
    const deleted =
      value(text, /gradual_function_log_deleted_bytes_total\{reason="retention"\} (\d+)/) +
      value(text, /gradual_function_log_deleted_bytes_total\{reason="cap"\} (\d+)/);
    const db = ['gradual.db', 'gradual.db-wal']
      .map((f) => {
        try {
          return statSync(join(dataDir, f)).size;
        } catch {
          return 0;
        }
      })
      .reduce((a, b) => a + b, 0);
    console.log(
      `${label.padStart(7)} ${String(done).padStart(12)} ${String(errors).padStart(7)} ${mb(server.rssBytes()).padStart(9)} ${mb(value(text, /^nodejs_heap_size_used_bytes (\d+)/m)).padStart(9)} ${mb(server.dataDirBytes()).padStart(10)} ${mb(value(text, /^gradual_function_log_stored_bytes (\d+)/m)).padStart(10)} ${mb(deleted).padStart(13)} ${mb(db).padStart(11)}`,
    );
  };
  await sample('0');
  const start = performance.now();
  const traffic = setInterval(() => {
    if (inFlight > 200) return;
    inFlight += 1;
    const name = names[n % names.length]!;
    n += 1;
    lambda
      .send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify({ n }) }))
      .then(
        (out) => (out.FunctionError ? (errors += 1) : (done += 1)),
        () => (errors += 1),
      )
      .finally(() => (inFlight -= 1));
  }, 1000 / options.perSecond);
  for (
    let elapsed = options.sampleEverySeconds;
    elapsed <= options.minutes * 60;
    elapsed += options.sampleEverySeconds
  ) {
    await new Promise((r) => setTimeout(r, start + elapsed * 1000 - performance.now()));
    await sample((elapsed / 60).toFixed(1));
  }
  clearInterval(traffic);
  await new Promise((r) => setTimeout(r, 60_000));
  await sample('idle+1');
  sdk.destroy();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

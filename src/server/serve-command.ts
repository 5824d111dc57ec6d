import { type Command, InvalidArgumentError, Option } from 'commander';
import { exportLines } from '../contracts/connection-env.js';
import { ActionableError } from '../common/errors.js';
import { lineLog } from '../common/log.js';
import { DEFAULT_DATA_DIR, REHEARSAL_DATA_DIR } from '../contracts/data-dirs.js';
import type { RunningServer } from './main.js';
import { DEFAULT_OPTIONS, type ServerOptions } from './wiring/server-options.js';
import { MB } from './capacity/space-rules.js';
import { isolationBanner } from './runtime/isolation.js';
import { RUNTIME_CHANNELS, type RuntimeChannel } from './runtime/environment-types.js';

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

/** A database URL without its password, for printing. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

/** What a rehearsal means for the one running it: one clock, ahead of the wall, in its own data dir. */
function rehearsalLines(server: RunningServer): string[] {
  const scale = server.options.timeScale;
  const lines = [
    `Rehearsal: one clock ${scale}x faster than real time (--time-scale) for the platform and its functions: hold`,
    '  times, alarm periods, timestamps, and what functions read (Date, time.time, datetime, date) and sleep.',
    `  A function's computing does not speed up: at ${scale}x a Timeout of 3 s is ${(3000 / scale).toFixed(0)} ms of real time, and Duration`,
    `  reads ${scale}x the real time. This timeline runs ahead of the wall clock and lives in its own data dir`,
    `  (${server.options.dataDir}); a real-time server refuses it, so the two never mix.`,
  ];
  if (server.runtime.functionClock === 'real')
    lines.push(
      '!!! libfaketime is not installed: functions read real time while the platform runs scaled. !!!',
    );
  return lines;
}

/** Which rule bursts follow: gradual's queue (the default) or Lambda's (`--burst-queue-ms 0`). */
export function burstLines(options: Pick<ServerOptions, 'burstQueueMs' | 'maxConcurrentInits'>): string[] {
  if (options.burstQueueMs <= 0)
    return [
      "Bursts: Lambda's rule (--burst-queue-ms 0): a new environment for every concurrent request that finds none idle.",
    ];
  return [
    `Bursts: a request that finds no idle environment waits up to ${options.burstQueueMs} ms for a busy one of its version,`,
    `  at most ${options.maxConcurrentInits} environments starting at once. Lambda never waits: --burst-queue-ms 0 for its rule.`,
  ];
}

/** What to tell the user once the server is up: where it is and how to reach it with the AWS CLI. */
export function banner(server: RunningServer): string {
  const { options, url, credentials } = server;
  const lines = [
    `gradual is listening on ${url}`,
    `  data: ${options.dataDir}   region: ${options.region}   account: ${options.accountId}`,
    ...(server.cluster
      ? [
          `  cluster node ${server.cluster.nodeId}: state in PostgreSQL (${redacted(options.database ?? '')});`,
          '  every node started on this database answers every call (GET /_gradual/v1/nodes lists them)',
        ]
      : []),
    '',
    'Point the AWS CLI and SDKs at it:',
  ];
  lines.push(
    ...exportLines({ url, region: options.region, credentials: credentials?.credentials }).map(
      (l) => `  ${l}`,
    ),
    `  aws lambda list-functions            # older CLIs: add --endpoint-url ${url}`,
  );
  lines.push('', `HTTP gateway (function URLs): ${server.gateway.url}`);
  const gatewayPort = server.gateway.port;
  lines.push(
    `  REST API stages: http://<api-id>.execute-api.localhost:${gatewayPort}/<stage>/<path>`,
    `    or ${server.gateway.url}/restapis/<api-id>/<stage>/_user_request_/<path>`,
    `  HTTP APIs: http://<api-id>.execute-api.localhost:${gatewayPort}/<path>`,
    `    or ${server.gateway.url}/httpapis/<api-id>/<path>`,
    `  export GRADUAL_GATEWAY_URL=${server.gateway.url}`,
  );
  lines.push(
    '',
    `Dashboard: ${url}/ui/${credentials ? '   (sign in with the access key id and secret above)' : ''}`,
  );
  lines.push('', ...burstLines(options));
  if (options.timeScale !== 1) lines.push('', ...rehearsalLines(server));
  if (credentials?.source === 'generated')
    lines.push('', `New credentials were generated and saved in ${credentials.file} (owner-only).`);
  if (credentials?.source === 'cluster')
    lines.push('', "Credentials are the cluster's, kept in its database: every node accepts them.");
  if (credentials?.source === 'environment')
    lines.push('', 'Credentials come from GRADUAL_ACCESS_KEY_ID / GRADUAL_SECRET_ACCESS_KEY.');
  lines.push(...isolationBanner(server.runtime.isolation));
  if (!credentials) {
    lines.push(
      '',
      '!!! AUTHENTICATION IS OFF (--auth off): anyone who can reach this port can change and run your functions. !!!',
    );
  }
  return lines.join('\n');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the gradual server: every AWS API and the dashboard on one port, function URLs and API stages on the gateway port.',
    )
    .option('--host <host>', 'address to listen on', DEFAULT_OPTIONS.host)
    .option(
      '--port <port>',
      'port to listen on (0 picks a free one)',
      integer(0, 65535),
      DEFAULT_OPTIONS.port,
    )
    .option(
      '--gateway-port <port>',
      'port of the HTTP gateway: function URLs (0 picks a free one)',
      integer(0, 65535),
      DEFAULT_OPTIONS.gatewayPort,
    )
    .option('--sticky-cookie <name>', 'the gateway sets this cookie so browsers keep one routing key')
    .option(
      '--data-dir <dir>',
      `where state and code packages are kept (default: ${DEFAULT_DATA_DIR}, or ${REHEARSAL_DATA_DIR} under --time-scale)`,
    )
    .option(
      '--database <url>',
      'keep state in PostgreSQL (postgres://...; default: $GRADUAL_DATABASE_URL): nodes sharing it form a cluster',
    )
    .option('--region <region>', 'the AWS region this server answers as', DEFAULT_OPTIONS.region)
    .option('--account-id <id>', 'the 12-digit AWS account id in ARNs', DEFAULT_OPTIONS.accountId)
    .addOption(new Option('--auth <mode>', 'verify SigV4 signatures').choices(['on', 'off']).default('on'))
    .option(
      '--max-concurrency <n>',
      'account concurrency limit',
      integer(1, 100000),
      DEFAULT_OPTIONS.maxConcurrency,
    )
    .option(
      '--time-scale <n>',
      "a rehearsal: the platform's and functions' clock runs N times faster",
      positive,
      DEFAULT_OPTIONS.timeScale,
    )
    .option(
      '--idle-timeout <seconds>',
      'stop execution environments idle for this long',
      integer(1, 86400),
      DEFAULT_OPTIONS.idleTimeoutSeconds,
    )
    .addOption(
      new Option('--sandbox <mode>', 'isolate functions with bubblewrap (auto: when installed)')
        .choices(['auto', 'bwrap', 'process'])
        .default(DEFAULT_OPTIONS.sandbox),
    )
    .option(
      '--no-invocation-metrics',
      'do not record AWS/Lambda metrics per invocation (to measure their cost)',
    )
    .option(
      '--burst-queue-ms <ms>',
      "wait up to this long for a busy environment before starting another (0: Lambda's rule, never wait)",
      integer(0, 60000),
      DEFAULT_OPTIONS.burstQueueMs,
    )
    .option(
      '--max-concurrent-inits <n>',
      'environments starting at once before further starts wait (not with --burst-queue-ms 0)',
      integer(1, 100000),
      DEFAULT_OPTIONS.maxConcurrentInits,
    )
    .option(
      '--max-busy-when-saturated <n>',
      'while the CPU is saturated, busy environments beyond which a start waits for a free one (0: no CPU check; not with --burst-queue-ms 0)',
      integer(0, 100000),
      DEFAULT_OPTIONS.maxBusyWhenSaturated,
    )
    .option(
      '--max-saturated-wait-ms <ms>',
      'how long in all an invocation waits on that CPU check before it starts an environment anyway (0: no bound)',
      integer(0, 3600000),
      DEFAULT_OPTIONS.maxSaturatedWaitMs,
    )
    .addOption(
      new Option(
        '--runtime-channel <channel>',
        "how gradual's Node.js and Python runtimes reach the Runtime API: its framed channel, or HTTP as other runtimes do",
      )
        .choices(RUNTIME_CHANNELS)
        .default(DEFAULT_OPTIONS.runtimeChannel),
    )
    .option(
      '--space-reserve <MB>',
      'free space kept on the data dir disk for deletes and rollbacks: new code, events, deployments and logs are refused below it',
      integer(1, 1_000_000),
      DEFAULT_OPTIONS.spaceReserveBytes / MB,
    )
    .option(
      '--log-cap <MB>',
      "the most one function's log group keeps (the oldest logs go first)",
      integer(1, 1_000_000),
      DEFAULT_OPTIONS.logCapBytes / MB,
    )
    .option('--log-level <level>', 'debug, info, warn or error', 'info')
    .action(async (opts: Record<string, unknown>) => {
      if (!/^\d{12}$/.test(String(opts['accountId']))) {
        throw new ActionableError('--account-id must be 12 digits, like 000000000000.');
      }
      const log = lineLog(opts['logLevel'] as 'info');
      // Loaded here, not above: the server is most of the program's modules, and client commands
      // (which register this command too) start about 0.3 s sooner without it.
      const { startServer } = await import('./main.js');
      const server = await startServer(
        {
          host: opts['host'] as string,
          port: opts['port'] as number,
          dataDir: opts['dataDir'] as string | undefined,
          region: opts['region'] as string,
          accountId: opts['accountId'] as string,
          auth: opts['auth'] as 'on' | 'off',
          maxConcurrency: opts['maxConcurrency'] as number,
          timeScale: opts['timeScale'] as number,
          idleTimeoutSeconds: opts['idleTimeout'] as number,
          sandbox: opts['sandbox'] as 'auto' | 'bwrap' | 'process',
          invocationMetrics: opts['invocationMetrics'] !== false,
          gatewayPort: opts['gatewayPort'] as number,
          stickyCookie: opts['stickyCookie'] as string | undefined,
          spaceReserveBytes: (opts['spaceReserve'] as number) * MB,
          logCapBytes: (opts['logCap'] as number) * MB,
          database:
            (opts['database'] as string | undefined) ?? (process.env['GRADUAL_DATABASE_URL'] || undefined),
          burstQueueMs: opts['burstQueueMs'] as number,
          maxConcurrentInits: opts['maxConcurrentInits'] as number,
          maxBusyWhenSaturated: opts['maxBusyWhenSaturated'] as number,
          maxSaturatedWaitMs: opts['maxSaturatedWaitMs'] as number,
          runtimeChannel: opts['runtimeChannel'] as RuntimeChannel,
        },
        { log },
      );
      const stop = (signal: string): void => {
        log.info('shutting down', { signal });
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            log.error('shutdown failed', { error: String(error) });
            process.exit(1);
          },
        );
      };
      // Handlers first: a signal may arrive the moment the banner is read.
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.stdout.write(banner(server) + '\n');
    });
}

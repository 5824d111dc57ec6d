import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { type Command, InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../common/clock.js';

/**
 * `gradual logs <function> [--follow]`: a function's logs (START / output / END / REPORT), read
 * through the same public APIs any client uses: GetFunctionConfiguration for the log group, then
 * CloudWatch Logs' FilterLogEvents, polled once a second with --follow.
 */
interface Target {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

function credentials(dataDir: string): Target['credentials'] {
  const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret } = process.env;
  if (id && secret) return { accessKeyId: id, secretAccessKey: secret };
  const file = join(dataDir, 'credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Target['credentials'];
  return { accessKeyId: 'gradual', secretAccessKey: 'gradual' }; // a server with --auth off
}

async function call(
  target: Target,
  request: { service: string; method: string; path: string; body?: string; headers?: Record<string, string> },
): Promise<unknown> {
  const url = new URL(request.path, target.endpoint);
  const signer = new SignatureV4({
    credentials: target.credentials,
    region: target.region,
    service: request.service,
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, ...request.headers },
    body: request.body ?? '',
  });
  const { host: _host, ...headers } = signed.headers;
  const response = await fetch(url, { method: request.method, headers, body: request.body });
  const text = await response.text();
  if (!response.ok) {
    const error = (text ? JSON.parse(text) : {}) as { message?: string; Message?: string };
    throw new Error(error.message ?? error.Message ?? `HTTP ${response.status}`);
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export function parseSince(value: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(value);
  if (!m) throw new InvalidArgumentError('use a number and a unit: 30s, 10m, 2h, 1d');
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

interface Event {
  eventId: string;
  timestamp: number;
  message: string;
}

export function registerLogs(program: Command): void {
  program
    .command('logs <function>')
    .description("Print a function's logs (START, its output, END, REPORT), all versions")
    .option(
      '--endpoint-url <url>',
      'the gradual server',
      process.env['AWS_ENDPOINT_URL'] ?? 'http://127.0.0.1:9000',
    )
    .option('--region <region>', 'the region the server answers as', process.env['AWS_REGION'] ?? 'us-east-1')
    .option(
      '--data-dir <dir>',
      "the server's data dir, for its credentials (unless AWS_ACCESS_KEY_ID is set)",
      './.gradual',
    )
    .option('--since <duration>', 'how far back to start (30s, 10m, 2h, 1d)', parseSince, parseSince('1h'))
    .option('--follow', 'keep printing new lines as they come')
    .action(
      async (
        name: string,
        opts: { endpointUrl: string; region: string; dataDir: string; since: number; follow?: boolean },
      ) => {
        const target: Target = {
          endpoint: opts.endpointUrl,
          region: opts.region,
          credentials: credentials(opts.dataDir),
        };
        const config = (await call(target, {
          service: 'lambda',
          method: 'GET',
          path: `/2015-03-31/functions/${encodeURIComponent(name)}/configuration`,
        })) as { LoggingConfig?: { LogGroup?: string } };
        const group = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`;
        const clock = realClock();
        let start = clock.now() - opts.since;
        const seen = new Set<string>();
        for (;;) {
          let nextToken: string | undefined;
          do {
            let page: { events?: Event[]; nextToken?: string };
            try {
              page = (await call(target, {
                service: 'logs',
                method: 'POST',
                path: '/',
                headers: {
                  'content-type': 'application/x-amz-json-1.1',
                  'x-amz-target': 'Logs_20140328.FilterLogEvents',
                },
                body: JSON.stringify({ logGroupName: group, startTime: start, nextToken }),
              })) as typeof page;
            } catch (error) {
              // No log group yet: the function has not run.
              if (!String(error).includes('does not exist')) throw error;
              page = {};
            }
            for (const event of page.events ?? []) {
              if (seen.has(event.eventId)) continue;
              seen.add(event.eventId);
              start = Math.max(start, event.timestamp);
              process.stdout.write(event.message + '\n');
            }
            nextToken = page.nextToken;
          } while (nextToken);
          if (!opts.follow) return;
          // A timer that keeps the process alive (the Clock's do not).
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      },
    );
}

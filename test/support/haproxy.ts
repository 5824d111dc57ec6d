import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Debian's HAProxy (the `haproxy` package; .ci/run installs it). */
const HAPROXY = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';

export interface LoadBalancer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The configuration of a plain round-robin balancer, as an operator would put in front of a
 * cluster. Health checks every 200 ms (any HTTP answer within 2 s is alive; two misses take a node out); a
 * connection error marks the node down at once (`observe layer4`); a request that could not be
 * connected is retried on another node (`option redispatch`). A request already sent to a node
 * that dies is not retried: it may have been acted on, and only the client may decide to repeat it.
 */
export function haproxyConfig(port: number, backends: readonly string[]): string {
  return [
    'global',
    '  maxconn 1024',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    // A check answered late is still an answer: a node on a loaded host may take longer than the
    // 200 ms between checks, and with the check's timeout left at that interval two slow answers
    // took every node out at once (9 requests failed with all three up). A dead node refuses the
    // check's connection at once, so this does not slow finding it.
    '  timeout check 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure',
    'frontend api',
    `  bind 127.0.0.1:${port}`,
    '  default_backend nodes',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk GET /',
    '  http-check expect rstatus ^[1-5]',
    '  default-server inter 200ms fastinter 100ms downinter 500ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down',
    ...backends.map((url, i) => `  server node${i} ${new URL(url).host} check`),
    '',
  ].join('\n');
}

/** Starts HAProxy in the foreground on a free port, balancing over `backends` (base URLs). */
export async function startHaproxy(dir: string, backends: readonly string[]): Promise<LoadBalancer> {
  const port = await freePort();
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(port, backends));
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  // Listening once a connection is accepted.
  const deadline = performance.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited:\n${output}`);
    const up = await fetch(`${url}/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (performance.now() > deadline) throw new Error(`haproxy did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Closed-loop load from wrk (the Debian package), a C load generator running outside every Node
 * event loop, so the figures are the server's and not the load generator's. wrk keeps `connections`
 * keep-alive connections each with one request in flight, and prints its latency distribution.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkFigures {
  throughput: number;
  /** Requests completed in the run. */
  requests: number;
  p50: number;
  p99: number;
  /** Non-2xx responses (only when failures are allowed). */
  failed: number;
}

/** A Lua script that turns wrk's GET into a POST of `body`. */
export function postScript(dir: string, body: string): string {
  const path = join(dir, 'post.lua');
  writeFileSync(
    path,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/json"\n`,
  );
  return path;
}

/** wrk prints durations as 241.00us, 1.98ms or 1.02s. */
export function toMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) throw new Error(`unreadable wrk duration ${text}`);
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(m[1]) * scale;
}

export function parseWrk(out: string, allowFailures = false): WrkFigures {
  const field = (re: RegExp): string => {
    const m = re.exec(out);
    if (!m) throw new Error(`wrk output lacks ${re}:\n${out}`);
    return m[1]!;
  };
  const failed = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (failed && !allowFailures) throw new Error(`wrk saw ${failed[1]} failed responses:\n${out}`);
  return {
    throughput: Number(field(/Requests\/sec:\s+([\d.]+)/)),
    requests: Number(field(/(\d+) requests in /)),
    p50: toMs(field(/^\s+50%\s+(\S+)/m)),
    p99: toMs(field(/^\s+99%\s+(\S+)/m)),
    failed: Number(failed?.[1] ?? 0),
  };
}

/**
 * One wrk run of `seconds` against `url` (full URL with path) with `connections` in flight. Failed
 * responses fail the run, except in a warm-up (`allowFailures`), where a burst of cold starts on a
 * loaded machine may be throttled or time out.
 */
export async function wrk(
  url: string,
  script: string,
  connections: number,
  seconds: number,
  allowFailures = false,
): Promise<WrkFigures> {
  const { stdout } = await run(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url],
    { timeout: (seconds + 30) * 1000 },
  );
  return parseWrk(stdout, allowFailures);
}

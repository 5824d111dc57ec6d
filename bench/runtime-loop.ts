/**
 * The Node.js bootstrap's own cost per invocation, apart from the server and the sandbox: the
 * bootstrap (src/server/runtime/bootstraps/node/bootstrap.mjs) runs the bench handler against a
 * minimal framed-channel peer in this process that hands out COUNT events one after another, then
 * its CPU time (user and system, from /proc) is divided by COUNT. PROFILE=1 adds `--cpu-prof` and
 * prints its top functions. Run: `npx tsx bench/runtime-loop.ts` (COUNT, default 50000).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrame, FrameReader, parseRequestHead } from '../src/server/runtime/runtime-frames.js';
import { HANDLER, PAYLOAD, ROOT, cpuSplitMs, fmt } from './invoke-harness.js';
import { topSelf, type Profile } from './cpu-profile.js';

const COUNT = Number(process.env['COUNT'] ?? 50_000);
const PROFILE = process.env['PROFILE'] === '1';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gradual-runtime-loop-'));
  writeFileSync(join(dir, 'index.js'), `exports.handler = ${HANDLER};\n`);
  const socketPath = join(dir, 'frames.sock');
  let served = 0;
  let started = 0;
  let startCpu = { user: 0, system: 0 };
  let pid = 0;
  const finished = new Promise<{ user: number; system: number; ms: number }>((resolve) => {
    const server = createServer((socket) => {
      const reader = new FrameReader(6 * 1024 * 1024, (event) => {
        if (event.kind !== 'frame') return;
        const head = parseRequestHead(event.head)!;
        if (head.m !== 'GET') return;
        if (served === 1000) [startCpu, started] = [cpuSplitMs(pid), performance.now()];
        if (served === COUNT + 1000) {
          const end = cpuSplitMs(pid);
          resolve({
            user: end.user - startCpu.user,
            system: end.system - startCpu.system,
            ms: performance.now() - started,
          });
          socket.destroy();
          server.close();
          return;
        }
        served += 1;
        const id = `00000000-0000-4000-8000-${String(served).padStart(12, '0')}`;
        const headers = {
          'lambda-runtime-aws-request-id': id,
          'lambda-runtime-deadline-ms': String(Date.now() + 3000),
          'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:000000000000:function:bench',
          'lambda-runtime-trace-id':
            'Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0',
          'content-type': 'application/json',
        };
        socket.write(encodeFrame({ i: head.i, s: 200, h: headers }, PAYLOAD));
      });
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
      socket.on('error', () => socket.destroy());
    });
    server.listen(socketPath);
  });
  const child = spawn(
    process.execPath,
    [
      ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []),
      join(ROOT, 'src/server/runtime/bootstraps/node/bootstrap.mjs'),
    ],
    {
      cwd: dir,
      // What it prints is its complaint that the peer closed the connection at the end.
      stdio: 'ignore',
      env: {
        PATH: process.env['PATH'],
        _HANDLER: 'index.handler',
        LAMBDA_TASK_ROOT: dir,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
        AWS_LAMBDA_FUNCTION_NAME: 'bench',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        _GRADUAL_RUNTIME_FRAMES_SOCKET: socketPath,
      },
    },
  );
  pid = child.pid!;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const f = await finished;
    await exited;
    console.log(
      `bootstrap, ${COUNT} invocations back to back: ${fmt((COUNT * 1000) / f.ms, 0)}/s, CPU ${fmt(((f.user + f.system) * 1000) / COUNT, 1)} us each (user ${fmt((f.user * 1000) / COUNT, 1)}, system ${fmt((f.system * 1000) / COUNT, 1)})`,
    );
    if (PROFILE) {
      const file = readdirSync(dir).find((n) => n.endsWith('.cpuprofile'));
      if (file)
        for (const line of topSelf(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, 20))
          console.log(line);
    }
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

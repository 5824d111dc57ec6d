import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, FrameReader, parseRequestHead } from '../../src/server/runtime/runtime-frames.js';

/**
 * The Node bootstrap alone against a minimal framed-channel peer: a 5 MB event (the Invoke API
 * takes up to 6 MB) reaches the handler whole, and arriving in the socket's 64 KB reads it is
 * joined once, not again on every read. The bytes it joins are counted by a module loaded before
 * the bootstrap that wraps `Buffer.concat`; the handler returns the count.
 */
const EVENT_BYTES = 5 * 1024 * 1024;
const BOOTSTRAP = fileURLToPath(
  new URL('../../src/server/runtime/bootstraps/node/bootstrap.mjs', import.meta.url),
);

let dir: string;
let server: Server;

const COUNTER = `const concat = Buffer.concat;
globalThis.joinedBytes = 0;
Buffer.concat = function (list, length) {
  for (const b of list) globalThis.joinedBytes += b.length;
  return concat.call(this, list, length);
};`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gradual-bootstrap-large-'));
  writeFileSync(join(dir, 'counter.mjs'), COUNTER);
  writeFileSync(
    join(dir, 'index.js'),
    'exports.handler = async (event) => ({ length: event.data.length, joined: globalThis.joinedBytes });\n',
  );
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Serves one event to the bootstrap and resolves with the result it posts. */
function serveOne(socketPath: string, event: Buffer): Promise<unknown> {
  return new Promise((resolve) => {
    server = createServer((socket) => {
      const reader = new FrameReader(6 * 1024 * 1024, (e) => {
        if (e.kind !== 'frame') return;
        const head = parseRequestHead(e.head)!;
        if (head.m === 'GET' && head.p.endsWith('/invocation/next')) {
          const headers = {
            'lambda-runtime-aws-request-id': '00000000-0000-4000-8000-000000000001',
            'lambda-runtime-deadline-ms': '99999999999999',
            'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:000000000000:function:big',
            'content-type': 'application/json',
          };
          socket.write(encodeFrame({ i: head.i, s: 200, h: headers }, event));
        } else if (head.m === 'POST' && head.p.endsWith('/response')) {
          resolve(JSON.parse(e.body!.toString('utf8')));
          socket.destroy();
        }
      });
      socket.on('data', (chunk: Buffer) => reader.push(chunk));
      socket.on('error', () => socket.destroy());
    });
    server.listen(socketPath);
  });
}

describe('the Node bootstrap on the framed channel', () => {
  it('takes a 5 MB event in one join, not one per 64 KB read', async () => {
    const socketPath = join(dir, 'frames.sock');
    const event = Buffer.from(JSON.stringify({ data: 'x'.repeat(EVENT_BYTES - 11) }));
    const result = serveOne(socketPath, event);
    const child = spawn(process.execPath, ['--import', join(dir, 'counter.mjs'), BOOTSTRAP], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        PATH: process.env['PATH'],
        _HANDLER: 'index.handler',
        LAMBDA_TASK_ROOT: dir,
        AWS_LAMBDA_FUNCTION_NAME: 'big',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        _GRADUAL_RUNTIME_FRAMES_SOCKET: socketPath,
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the bootstrap exited (${code}): ${stderr}`))),
    );
    try {
      const got = (await Promise.race([result, exited])) as { length: number; joined: number };
      expect(got.length).toBe(EVENT_BYTES - 11);
      // Joining on every read copied the partial event about 80 times (hundreds of MB).
      expect(got.joined).toBeLessThanOrEqual(2 * event.length);
    } finally {
      child.kill();
    }
  });
});

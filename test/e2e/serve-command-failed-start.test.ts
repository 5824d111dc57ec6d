import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/common/clock.js';
import { seededRandom } from '../../src/common/random.js';
import { startServer } from '../../src/server/main.js';
import { tempDir } from '../support/server.js';

function listening(port = 0): Promise<Server> {
  const server = createServer();
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

function portOf(server: Server): number {
  return (server.address() as { port: number }).port;
}

function closed(server: Server): Promise<void> {
  return new Promise((done) => server.close(() => done()));
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = await listening();
  const port = portOf(probe);
  await closed(probe);
  return port;
}

/** A failed start-up undoes what it had started: the same teardown as shutdown, from where it got to. */
describe('a start-up that fails part-way', () => {
  it('frees the API port it had bound when the gateway port is taken, and leaves no data dir', async () => {
    const dataDir = join(tempDir('gradual-failed-start-'), 'data');
    const holder = await listening();
    const apiPort = await freePort();
    const clock = new VirtualClock();
    const wallClock = new VirtualClock();
    const started = startServer(
      { dataDir, port: apiPort, gatewayPort: portOf(holder), sandbox: 'process' },
      { clock, wallClock, random: seededRandom(1) },
    );
    await expect(started).rejects.toThrow(
      `port ${portOf(holder)} on 127.0.0.1 is in use (another gradual serve?): stop what holds it, or pick another with --gateway-port <n> (0 picks a free one).`,
    );
    await closed(holder);
    // The API port is free again: something else can listen on it.
    await closed(await listening(apiPort));
    expect(existsSync(dataDir)).toBe(false);
    expect(wallClock.pending).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('closes metrics, logs and the store and frees the ports and the data dir when a later step fails', async () => {
    const dataDir = tempDir('gradual-failed-start-');
    // The function logs' folder is a file: their store fails to start, after the metrics, the
    // registry and the environments' sandbox have.
    writeFileSync(join(dataDir, 'logs'), 'not a folder');
    const apiPort = await freePort();
    const clock = new VirtualClock();
    const wallClock = new VirtualClock();
    await expect(
      startServer(
        { dataDir, port: apiPort, gatewayPort: 0, sandbox: 'process' },
        { clock, wallClock, random: seededRandom(2) },
      ),
    ).rejects.toThrow(/ENOTDIR/);
    // No timer is left: the metrics' flushes and alarm evaluations, the disk watch.
    expect(clock.pending).toBe(0);
    expect(wallClock.pending).toBe(0);
    await closed(await listening(apiPort));
    // The data dir was there before: it stays, unlocked, and a server starts on it once repaired.
    expect(existsSync(join(dataDir, 'gradual.db'))).toBe(true);
    rmSync(join(dataDir, 'logs'));
    mkdirSync(join(dataDir, 'logs'));
    const server = await startServer(
      { dataDir, port: 0, gatewayPort: 0, sandbox: 'process' },
      { clock, wallClock },
    );
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

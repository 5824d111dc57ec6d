import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../support/process.js';
import { tempDir } from '../support/server.js';

describe('gradual serve', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints how to reach it and exits cleanly on %s',
    async (signal) => {
      const dataDir = tempDir('gradual-serve-');
      const server = await spawnServer(dataDir);
      const banner = server.output();
      expect(banner).toContain(`gradual is listening on ${server.url}`);
      expect(banner).toContain(`export AWS_ACCESS_KEY_ID=${server.credentials.accessKeyId}`);
      expect(banner).toContain(`AWS_ENDPOINT_URL=${server.url}`);
      expect(banner).toContain('New credentials were generated');
      const response = await fetch(`${server.url}/2015-03-31/functions`);
      expect(response.status).toBe(403);
      // The HTTP gateway listens on its own port, named in the banner.
      const gateway = /HTTP gateway \(function URLs\): (http:\/\/\S+)/.exec(banner)?.[1];
      expect(gateway).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(gateway).not.toBe(server.url);
      expect((await fetch(`${gateway}/nowhere`)).status).toBe(404);
      expect(await server.stop(signal)).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    },
  );

  it('says loudly when authentication is off', async () => {
    const dataDir = tempDir('gradual-serve-');
    const server = await spawnServer(dataDir, ['--auth', 'off']);
    expect(server.output()).toContain('AUTHENTICATION IS OFF');
    expect((await fetch(`${server.url}/2015-03-31/functions`)).status).toBe(200);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server on the same data dir, and takes over after a kill -9', async () => {
    const dataDir = tempDir('gradual-serve-');
    const first = await spawnServer(dataDir);
    await expect(spawnServer(dataDir)).rejects.toThrow(/another gradual server \(pid \d+\) is using/);
    await first.stop('SIGKILL');
    const second = await spawnServer(dataDir);
    const code = await second.stop();
    expect(code, second.output()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

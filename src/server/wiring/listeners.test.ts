import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import { seededRandom } from '../../common/random.js';
import { jsonResponse } from '../gateway/responses.js';
import { bindPorts } from './listeners.js';
import { resolveOptions } from './server-options.js';
import { Teardown } from './teardown.js';

interface Reply {
  status: number;
  reused: boolean;
  localPort: number | undefined;
  keepAlive: string | undefined;
}

function get(url: string, agent: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          reused: req.reusedSocket,
          localPort: req.socket?.localPort,
          keepAlive: res.headers['keep-alive']?.toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the API and gateway listeners', () => {
  const teardown = new Teardown();
  // As the AWS SDK for JavaScript's: keep-alive, no idle timeout of its own.
  const agent = new Agent({ keepAlive: true });
  afterEach(async () => {
    agent.destroy();
    await teardown.close();
  });

  it('keep an idle client socket open past Node’s 5 s default, whatever the headers timeout', async () => {
    const { api, gateway } = await bindPorts(
      resolveOptions({ host: '127.0.0.1', port: 0, gatewayPort: 0 }),
      // A headers timeout far shorter than the idle wait: it must not cut an idle connection.
      { gateway: { headersTimeoutMs: 500, timeoutCheckMs: 100 } },
      teardown,
    );
    api.serve((_req, res) => res.end('{}'));
    const listener = gateway.serve({
      invoker: { invoke: () => Promise.reject(new Error('not invoked')) },
      routers: [{ route: () => Promise.resolve({ kind: 'answer', response: jsonResponse(200, {}) }) }],
      secrets: undefined,
      allowedHosts: [],
      wallClock: realClock(),
      random: seededRandom(1),
      log: silentLog,
    });
    teardown.defer('gateway', () => listener.close(0));

    const first = await Promise.all([get(api.url, agent), get(gateway.url, agent)]);
    expect(first.map((r) => [r.status, r.reused, r.keepAlive])).toEqual([
      [200, false, 'timeout=600'],
      [200, false, 'timeout=600'],
    ]);
    // Node closes an idle socket about a second after keepAliveTimeout; 5 s was the default.
    await sleep(6500);
    const again = await Promise.all([get(api.url, agent), get(gateway.url, agent)]);
    expect(again.map((r) => [r.status, r.reused, r.localPort])).toEqual(
      first.map((r) => [200, true, r.localPort]),
    );
  }, 15_000);
});

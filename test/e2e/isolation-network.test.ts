import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { createFunction, invokeFunction } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 12, attack 2: on main every environment's Runtime API listened on the host's loopback, a
 * function read /proc/net/tcp, took the next caller's event from a neighbour's port and answered
 * it. Now each environment has a network namespace of its own: its Runtime API is a socket no
 * other environment can reach, and the host's loopback is out of reach, while outbound traffic
 * still flows as on Lambda.
 */
const HANDLERS = `
const http = require('node:http');
const fs = require('node:fs');

function get(url, ms = 800) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: ms }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, runtimeApi: Boolean(res.headers['lambda-runtime-aws-request-id']), body }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e) => resolve({ error: e.code }));
  });
}

function listening() {
  return fs.readFileSync('/proc/net/tcp', 'utf8').split('\\n').slice(1)
    .map((l) => l.trim().split(/\\s+/)).filter((f) => f[3] === '0A')
    .map((f) => f[1]);
}

exports.victim = async (event) => ({ got: event });

exports.attacker = async (event) => {
  const attempts = {};
  const targets = [];
  for (const port of event.ports) for (const host of ['127.0.0.1', '10.0.2.2']) targets.push([host, port]);
  await Promise.all(targets.map(async ([host, port]) => {
    const r = await get('http://' + host + ':' + port + '/2018-06-01/runtime/invocation/next');
    if (!r.error) attempts[host + ':' + port] = r;
  }));
  return {
    attempts,
    listening: listening(),
    unixSockets: fs.readFileSync('/proc/net/unix', 'utf8').split('\\n').slice(1).map((l) => l.trim().split(/\\s+/)[7]).filter(Boolean),
    runtimeApi: process.env.AWS_LAMBDA_RUNTIME_API,
    endpoint: process.env.AWS_ENDPOINT_URL,
  };
};

exports.fetch = async (event) => {
  const out = {};
  for (const url of event.urls) out[url] = await get(url, 3000);
  return out;
};
`;

let t: TestServer;
let outside: Server | undefined;
let outsideUrl: string | undefined;
let loopback: Server;
let loopbackPort: number;

/** The host's own listening TCP ports on loopback or every address, from its /proc/net/tcp. */
function hostPorts(): number[] {
  const ports = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A' || !f[1]) continue;
      ports.add(parseInt(f[1].split(':')[1]!, 16));
    }
  }
  return [...ports].slice(0, 300);
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  t = await startTestServer();
  const zip = await buildZip({ 'index.js': HANDLERS });
  await Promise.all(
    ['victim', 'attacker', 'fetch'].map((name) =>
      createFunction(t.lambda, { FunctionName: name, Handler: `index.${name}`, zip, Timeout: 30 }),
    ),
  );
  // A server elsewhere on the network: this host's first non-loopback IPv4 address.
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (address) {
    outside = createServer((_req, res) => res.end('from outside'));
    outsideUrl = `http://${address}:${await listen(outside, address)}/`;
  }
  loopback = createServer((_req, res) => res.end('host loopback'));
  loopbackPort = await listen(loopback, '127.0.0.1');
});

afterAll(async () => {
  outside?.close();
  loopback?.close();
  await t?.dispose();
});

describe.skipIf(process.platform !== 'linux')('event hijack and the network (issue 12, attack 2)', () => {
  it('gives every environment a network namespace of its own here', () => {
    expect(t.server.runtime.isolation.network).toBe('private');
  });

  it("cannot take or answer another environment's events, nor see its Runtime API at all", async () => {
    // The victim is warm: its runtime waits on /next, as the hijacked one did.
    expect((await invokeFunction(t.lambda, { FunctionName: 'victim', event: { warm: true } })).json).toEqual({
      got: { warm: true },
    });
    const attack = (
      await invokeFunction(t.lambda, { FunctionName: 'attacker', event: { ports: hostPorts() } })
    ).json as {
      attempts: Record<string, { runtimeApi: boolean }>;
      listening: string[];
      unixSockets: string[];
      runtimeApi: string;
      endpoint: string;
    };
    // Not one host port answered but gradual's own API (its port is forwarded on purpose: it
    // answers only signed requests): the host's loopback is not this namespace's, and 10.0.2.2
    // leads nowhere.
    const apiPort = new URL(t.server.url).port;
    const answered = Object.entries(attack.attempts);
    expect(answered.filter(([address]) => address !== `127.0.0.1:${apiPort}`)).toEqual([]);
    expect(answered.filter(([, r]) => r.runtimeApi)).toEqual([]);
    // Its own namespace holds two listeners, its own Runtime API and gradual's API, and no socket
    // of the host's or another environment's.
    expect(attack.listening.sort()).toEqual(
      [`0100007F:2329`, `0100007F:${Number(apiPort).toString(16).toUpperCase().padStart(4, '0')}`].sort(),
    );
    // Unix sockets show only for connections made in its own namespace: its own forwarders'
    // (to its own Runtime API socket and gradual's API), never the victim's.
    const slots = readdirSync(join(t.server.runtime.tmpRoot, 'net'));
    expect(slots.length).toBeGreaterThan(1);
    const seen = slots.filter((slot) => attack.unixSockets.some((p) => p.includes(`/net/${slot}/`)));
    expect(seen.length).toBeLessThanOrEqual(1);
    expect(attack.runtimeApi).toBe('127.0.0.1:9001');
    expect(attack.endpoint).toBe(`http://127.0.0.1:${apiPort}`);
    // The next caller's event still reaches the victim, and the victim's answer the caller.
    const r = await invokeFunction(t.lambda, { FunctionName: 'victim', event: { secret: 'card-4242' } });
    expect(r.json).toEqual({ got: { secret: 'card-4242' } });
  });

  it("reaches the network outside, but not the host's loopback", async () => {
    const urls = [
      ...(outsideUrl ? [outsideUrl] : []),
      `http://127.0.0.1:${loopbackPort}/`,
      `http://10.0.2.2:${loopbackPort}/`,
    ];
    const got = (await invokeFunction(t.lambda, { FunctionName: 'fetch', event: { urls } })).json as Record<
      string,
      { body?: string; error?: string }
    >;
    if (outsideUrl) expect(got[outsideUrl]).toMatchObject({ body: 'from outside' });
    expect(got[`http://127.0.0.1:${loopbackPort}/`]?.error).toBe('ECONNREFUSED');
    expect(got[`http://10.0.2.2:${loopbackPort}/`]?.body).toBeUndefined();
  });
});

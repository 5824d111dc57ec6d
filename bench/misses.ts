/**
 * What requests that find nothing cost the server: static-file misses under `/ui/static/`, Invoke of
 * functions that do not exist, gateway requests for API ids that do not exist (each name new, as
 * scanners and test/e2e/bounded-memory.test.ts send them). The server runs in this process with
 * authentication off; wrk (a C load generator, another process) sends the requests, so this
 * process's CPU over a run is the server's. Prints CPU per request for each kind and, with
 * PROFILE=1, the top functions by self time during the load (the inspector's profiler, started
 * after start-up). The baseline, measured the same way in the same run: a bare node:http server in
 * this process answering every static-miss request 404 with a short JSON body; each kind is
 * printed with its ratio to it. Run: `npm run bench:misses` (SECONDS per kind,
 * KINDS=static,invoke,gateway, ROUNDS).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/server/main.js';
import { topSelf, type Profile } from './cpu-profile.js';
import { median } from './invoke-harness.js';
import { wrk } from './wrk.js';

const SECONDS = Number(process.env['SECONDS'] ?? 4);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const PROFILE = process.env['PROFILE'] === '1';
const KINDS = (process.env['KINDS'] ?? 'static,invoke,gateway').split(',');
/** As the memory test: 16 connections with a request each in flight. */
const CONNECTIONS = 16;

/** Lua for wrk: every request a new name (`n` padded to the length the memory test uses). */
function script(kind: string): string {
  const name = (length: number): string => `string.rep("q", ${length} - #tostring(n)) .. tostring(n)`;
  const requests: Record<string, string> = {
    static: `wrk.format("GET", "/ui/static/" .. ${name(200)} .. ".js")`,
    invoke: `wrk.format("POST", "/2015-03-31/functions/" .. ${name(64)} .. "/invocations", nil, "{}")`,
    gateway: `wrk.format("GET", "/prod/", { Host = ${name(10)} .. ".execute-api.localhost" })`,
  };
  return `local n = 0\nrequest = function()\n  n = n + 1\n  return ${requests[kind]}\nend\n`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-misses-'));
  const server = await startServer({ port: 0, gatewayPort: 0, dataDir, auth: 'off' });
  const bare = await bareServer();
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const session = new Session();
  session.connect();
  let baseline: number | undefined;
  try {
    for (const kind of ['bare', ...KINDS]) {
      const path = join(dataDir, `${kind}.lua`);
      writeFileSync(path, script(kind === 'bare' ? 'static' : kind));
      const base = kind === 'bare' ? bareUrl : kind === 'gateway' ? server.gateway.url : server.url;
      await wrk(`${base}/`, path, CONNECTIONS, 1, true); // warm-up
      const perRequest: number[] = [];
      let profile: Profile | undefined;
      for (let round = 0; round < ROUNDS; round++) {
        if (PROFILE && round === 0) {
          await session.post('Profiler.enable');
          await session.post('Profiler.start');
        }
        const before = process.cpuUsage();
        const figures = await wrk(`${base}/`, path, CONNECTIONS, SECONDS, true);
        const used = process.cpuUsage(before);
        if (PROFILE && round === 0) {
          profile = (await session.post('Profiler.stop')).profile as Profile;
          // Left for DevTools (or a closer look).
          writeFileSync(
            join(process.env['PROFILE_DIR'] ?? dataDir, `${kind}.cpuprofile`),
            JSON.stringify(profile),
          );
        }
        const { requests } = figures;
        perRequest.push((used.user + used.system) / requests);
        if (figures.failed < requests * 0.99) throw new Error(`${kind}: some requests did not miss`);
      }
      const us = median(perRequest);
      baseline ??= us;
      console.log(
        `${kind}: ${us.toFixed(0)} us CPU per request, ${(us / baseline).toFixed(1)}x bare (median of ${ROUNDS}: ${perRequest.map((n) => n.toFixed(0)).join(', ')})`,
      );
      if (profile)
        for (const line of topSelf(profile, Number(process.env['TOP'] ?? 20))) console.log(`  ${line}`);
    }
  } finally {
    session.disconnect();
    bare.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The baseline: Node's HTTP server alone, every request a 404 with a short JSON body. */
async function bareServer(): Promise<Server> {
  const body = '{"message":"Not Found"}';
  const bare = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  return bare;
}

await main();

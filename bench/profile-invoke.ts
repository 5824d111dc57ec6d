/**
 * CPU profile of the server on the warm Invoke path: `gradual serve` under `--cpu-prof`, wrk load on
 * the Invoke API, then the profile's top functions by self time. Run: `npx tsx bench/profile-invoke.ts`
 * (WRK_SECONDS, PROFILE_INTERVAL in us, DOOR=url for a function URL). The profile is left in PROFILE_DIR (default a temporary directory) for DevTools.
 */
import { CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PAYLOAD,
  ROOT,
  clientConfig,
  createFunction,
  ensureBenchRole,
  stopper,
  waitForLine,
} from './invoke-harness.js';
import { topSelf, type Profile } from './cpu-profile.js';
import { postScript, wrk, type WrkFigures } from './wrk.js';

const WRK_SECONDS = Number(process.env['WRK_SECONDS'] ?? 8);
/** DOOR=url: through a function URL instead of the Invoke API. */
const DOOR = process.env['DOOR'] === 'url' ? 'url' : 'invoke';

/** `--trace-gc` lines during the load: how many pauses of each kind, their total and the longest. */
export function gcSummary(text: string, seconds: number): string {
  const pauses = new Map<string, number[]>();
  for (const m of text.matchAll(
    /ms: (Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Sweep)[^,]*, ([\d.]+) \/ /g,
  )) {
    const list = pauses.get(m[1]!) ?? [];
    list.push(Number(m[2]));
    pauses.set(m[1]!, list);
  }
  const parts = [...pauses].map(
    ([kind, ms]) =>
      `${kind} ${ms.length}x, ${ms.reduce((a, b) => a + b, 0).toFixed(1)} ms in all, longest ${Math.max(...ms).toFixed(2)} ms`,
  );
  return `GC during the ${seconds}s load (--trace-gc): ${parts.join('; ') || 'none'}`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-prof-'));
  const profileDir = process.env['PROFILE_DIR'] ?? mkdtempSync(join(tmpdir(), 'gradual-cpuprofile-'));
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      // PROFILE_INTERVAL (us): finer samples than the default 1 ms for the warm path's small parts.
      ...(process.env['PROFILE_INTERVAL'] ? [`--cpu-prof-interval=${process.env['PROFILE_INTERVAL']}`] : []),
      '--trace-gc',
      '--import',
      'tsx',
      '--import',
      join(ROOT, 'bench/loop-delay-preload.ts'),
      join(ROOT, 'src/main.ts'),
      'serve',
      '--port',
      '0',
      '--gateway-port',
      '0',
      '--data-dir',
      dataDir,
      '--auth',
      'off',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  let figures: WrkFigures;
  let gcDuringLoad: string;
  // Stopped whatever fails: a server left behind would load the machine for everyone.
  try {
    const [, url, gateway] = await waitForLine(
      child,
      /listening on (http:\/\/\S+)[\s\S]*HTTP gateway \(function URLs\): (http:\/\/\S+)/,
    );
    const lambda = new LambdaClient(clientConfig(url!));
    await ensureBenchRole(clientConfig(url!));
    await createFunction(lambda, 'bench');
    const fnUrl =
      DOOR === 'url'
        ? await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'bench', AuthType: 'NONE' }))
        : undefined;
    lambda.destroy();
    const script = postScript(dataDir, PAYLOAD);
    const target = fnUrl
      ? `${gateway!}/lambda-url/${new URL(fnUrl.FunctionUrl!).hostname.split('.')[0]}/`
      : `${url!}/2015-03-31/functions/bench/invocations`;
    await wrk(target, script, 8, 2, true);
    const gcBefore = out.length;
    figures = await wrk(target, script, 8, WRK_SECONDS);
    gcDuringLoad = out.slice(gcBefore);
  } finally {
    await stopper(child)();
  }
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${profileDir}`);
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile;
  console.log(
    `warm ${DOOR === 'url' ? 'function URL' : 'Invoke'} under --cpu-prof: ${figures.throughput.toFixed(0)} req/s; ${join(profileDir, file)}`,
  );
  console.log('top functions by self time (whole server run, start-up included):');
  for (const line of topSelf(profile, Number(process.env['TOP'] ?? 25))) console.log(line);
  console.log(gcSummary(gcDuringLoad, WRK_SECONDS));
  console.log(/event loop delay: .*/.exec(out)?.[0] ?? 'no event loop delay figures');
}

await main();

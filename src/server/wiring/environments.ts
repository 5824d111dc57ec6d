import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { Account } from '../functions/names.js';
import type { FunctionCredentialIssuer } from '../iam/function-credentials.js';
import { openCgroups } from '../runtime/cgroup.js';
import type { EnvironmentDeps } from '../runtime/environment.js';
import { isolationWarnings, type Isolation } from '../runtime/isolation.js';
import { launchRoots, Launchers } from '../runtime/launchers.js';
import { networkUnavailable, NetworkSlots } from '../runtime/network-slots.js';
import { Sandbox } from '../runtime/sandbox.js';
import { makeTmpRoot, removeTmpRoot } from '../runtime/tmp-root.js';
import { TmpVolumes, volumesUnavailable } from '../runtime/tmp-volumes.js';
import type { BoundApi } from './listeners.js';
import type { PlatformTime } from './platform-time.js';
import type { ServerOptions } from './server-options.js';
import type { Teardown } from './teardown.js';

/** Lambda's init limit for on-demand starts. */
const INIT_LIMIT_MS = 10_000;
/** How long after start-up the stocks of namespaces and /tmp volumes are first made. */
const STOCK_DELAY_MS = 2000;

export interface Environments {
  deps: EnvironmentDeps;
  /** What the sandbox enforces here (the banner and tests read it). */
  isolation: Isolation;
  /** gradual's cgroup (memory, else pids), when one is in use. */
  cgroupRoot: string | undefined;
  tmpRoot: string;
  /** Makes namespaces and /tmp volumes ahead, a while after start-up (not during it). */
  stockLater(): void;
}

/**
 * What execution environments are made of on this machine: the sandbox, cgroups, private
 * networks and sized /tmp volumes where they can be had, and the credentials each one carries.
 */
export async function prepareEnvironments(input: {
  options: ServerOptions;
  time: PlatformTime;
  random: Random;
  log: Log;
  account: Account;
  functionKeys: FunctionCredentialIssuer;
  api: BoundApi;
  teardown: Teardown;
}): Promise<Environments> {
  const { options, time, random, log, account, api, teardown } = input;
  const { wallClock } = time;
  const tmpRoot = makeTmpRoot(random.hex(4));
  teardown.defer('environments tmp root', () => removeTmpRoot(tmpRoot));
  const codeRoot = join(options.dataDir, 'code');
  mkdirSync(codeRoot, { recursive: true });
  const sandbox = Sandbox.detect(options.sandbox, {
    dir: join(tmpRoot, 'sandbox'),
    roots: [codeRoot, ...launchRoots()],
  });
  const cgroups = openCgroups(random.hex(4));
  if (cgroups) teardown.defer('cgroups', () => cgroups.close((ms) => wallClock.sleep(ms)));
  const sandboxed = sandbox.mode === 'bwrap';
  const noNetwork = sandboxed ? networkUnavailable() : 'no sandbox';
  const noVolumes = sandboxed ? volumesUnavailable() : 'no sandbox';
  const isolation: Isolation = {
    sandbox: sandbox.mode,
    asked: options.sandbox,
    network: noNetwork === undefined ? 'private' : { shared: noNetwork },
    tmp: noVolumes === undefined ? 'sized' : { unsized: noVolumes },
    memory: cgroups?.roots.memory !== undefined,
    pids: cgroups?.roots.pids !== undefined,
  };
  // Once, at start: what this machine cannot enforce.
  for (const warning of isolationWarnings(isolation)) log.warn(warning);
  // Functions in a network namespace of their own reach gradual's API through this socket.
  const apiSocket = join(tmpRoot, 'api.sock');
  await api.listenOnSocket(apiSocket);
  const volumes =
    noVolumes === undefined ? new TmpVolumes({ random, log }, join(tmpRoot, 'volumes')) : undefined;
  if (volumes) teardown.defer('tmp volumes', () => volumes.close());
  const networks =
    isolation.network === 'private'
      ? new NetworkSlots(
          { clock: wallClock, random, log },
          { root: join(tmpRoot, 'net'), apiSocket, apiPort: api.port },
        )
      : undefined;
  if (networks) teardown.defer('network namespaces', () => networks.close());
  const deps: EnvironmentDeps = {
    sandbox,
    launchers: new Launchers(sandbox, log),
    cgroups,
    networks,
    volumes,
    clock: wallClock,
    functionTime: time.functionTime,
    random,
    log,
    region: options.region,
    // Each environment its own session of its function's execution role.
    credentials: (spec) =>
      input.functionKeys.issue({
        functionArn: `arn:aws:lambda:${account.region}:${account.accountId}:function:${spec.functionName}`,
        roleArn: spec.role,
      }),
    endpointUrl: api.endpointUrl,
    tmpRoot,
    initLimitMs: INIT_LIMIT_MS,
    runtimeChannel: options.runtimeChannel,
  };
  return {
    deps,
    isolation,
    cgroupRoot: cgroups?.roots.memory ?? cgroups?.roots.pids,
    tmpRoot,
    stockLater() {
      // A cold start before then makes its own.
      const timer = wallClock.setTimer(STOCK_DELAY_MS, () => {
        networks?.refill();
        volumes?.refill();
      });
      teardown.defer('stock timer', () => timer.cancel());
    },
  };
}

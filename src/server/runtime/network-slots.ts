import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../common/clock.js';
import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { findProgram } from './programs.js';
import { HOST_ID, isRoot } from './sandbox-user.js';
import { Spares } from './spares.js';

/** Where the Runtime API is inside every environment, as on Lambda. */
export const RUNTIME_API_INSIDE = '127.0.0.1:9001';

/**
 * An environment's own network namespace, made ready before it is needed: loopback, plus
 * outbound through slirp4netns with the host's loopback cut off, plus two forwarders listening
 * on that namespace's loopback only: 127.0.0.1:9001 to this environment's Runtime API socket, and
 * 127.0.0.1:<API port> to gradual's API socket (AWS_ENDPOINT_URL). Nothing else of the host is
 * reachable but what any machine on the network could reach; no other environment at all.
 */
export interface NetworkSlot {
  /** `/proc/<pid>/ns/net` of the namespace's holder. */
  readonly netns: string;
  /** Where the environment's Runtime API must listen for the forwarder of port 9001. */
  readonly runtimeSocket: string;
  release(): Promise<void>;
}

export interface NetworkSlotsDeps {
  clock: Clock;
  random: Random;
  log: Log;
}

export interface NetworkSlotsOptions {
  /** Host directory for the slots' sockets; must be searchable by the sandbox's host uid. */
  root: string;
  /** gradual's API as a Unix socket, and the port functions reach it at. */
  apiSocket: string;
  apiPort: number;
}

const READY_TIMEOUT_MS = 10_000;

/** Why private networks cannot be made here, or undefined when they can. */
export function networkUnavailable(): string | undefined {
  if (!isRoot()) return 'gradual is not running as root';
  const missing = ['slirp4netns', 'socat', 'unshare', 'nsenter', 'setpriv'].filter((p) => !findProgram(p));
  return missing.length ? `${missing.join(', ')} not installed` : undefined;
}

/** The forwarders each slot's holder runs: the Runtime API's and gradual's API's. */
const FORWARDERS = 2;

/**
 * Are the holder's two forwarders listening? Read from the count of TCP sockets in use in its
 * network namespace (`/proc/<pid>/net/sockstat`, counted per namespace): only the two forwarders
 * make sockets there before the slot is handed out, and a socket counts once it listens (binding
 * alone does not). Not `/proc/<pid>/net/tcp`: the kernel walks every namespace's sockets to write
 * it, ~8 ms of CPU per read here, and this is read every few milliseconds while a slot is made.
 * Until `unshare` has run, the pid is still in gradual's own namespace, whose count means nothing.
 */
function forwardersListening(pid: number): boolean {
  try {
    if (readlinkSync(`/proc/${pid}/ns/net`) === ownNetns()) return false;
    const inUse = /^TCP: inuse (\d+)/m.exec(readFileSync(`/proc/${pid}/net/sockstat`, 'utf8'));
    return Number(inUse?.[1] ?? 0) >= FORWARDERS;
  } catch {
    return false;
  }
}

let ownNamespace: string | undefined;
const ownNetns = (): string => (ownNamespace ??= readlinkSync('/proc/self/ns/net'));

function kill(child: ChildProcess | undefined, group: boolean): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(group ? -child.pid : child.pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

export class NetworkSlots {
  private readonly spares: Spares<NetworkSlot>;

  constructor(
    private readonly deps: NetworkSlotsDeps,
    private readonly options: NetworkSlotsOptions,
  ) {
    mkdirSync(options.root, { recursive: true, mode: 0o711 });
    this.spares = new Spares(
      () => this.make(),
      (slot) => slot.release(),
      2,
      deps.log,
      'a network namespace',
    );
  }

  take(): Promise<NetworkSlot> {
    return this.spares.take();
  }

  /** Makes up the stock again (after a cold start is over). */
  refill(): void {
    this.spares.fill();
  }

  close(): Promise<void> {
    return this.spares.close();
  }

  private async make(): Promise<NetworkSlot> {
    const dir = join(this.options.root, this.deps.random.hex(8));
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const runtimeSocket = join(dir, 'runtime.sock');
    const { apiSocket, apiPort } = this.options;
    const forward = (port: number, socket: string): string =>
      `socat TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork UNIX-CONNECT:${socket}`;
    // The holder: new user, network and pid namespaces owned by the sandbox's host uid, running
    // the two forwarders; it dies with gradual (pdeathsig) and takes its pid namespace along.
    const holder = spawn(
      'setpriv',
      [
        `--reuid=${HOST_ID.uid}`,
        `--regid=${HOST_ID.gid}`,
        '--clear-groups',
        '--pdeathsig=KILL',
        '--',
        'unshare',
        '--user',
        '--net',
        '--pid',
        '--fork',
        '--kill-child',
        `--map-user=${HOST_ID.uid}`,
        `--map-group=${HOST_ID.gid}`,
        '--',
        '/bin/sh',
        '-c',
        `${forward(9001, runtimeSocket)} & exec ${forward(apiPort, apiSocket)}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { PATH: '/usr/bin:/bin' } },
    );
    let slirp: ChildProcess | undefined;
    const release = (): Promise<void> => {
      kill(slirp, false);
      kill(holder, true);
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
    try {
      const pid = holder.pid!;
      let errors = '';
      holder.stderr.setEncoding('utf8').on('data', (d: string) => (errors += d));
      const deadline = this.deps.clock.now() + READY_TIMEOUT_MS;
      while (!forwardersListening(pid)) {
        if (holder.exitCode !== null || this.deps.clock.now() > deadline)
          throw new Error(`the namespace holder did not start: ${errors.trim()}`);
        await this.deps.clock.sleep(5);
      }
      slirp = await this.startSlirp(pid);
      return { netns: `/proc/${pid}/ns/net`, runtimeSocket, release };
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** Outbound network for the namespace; exits when gradual does (its exit fd closes). */
  private startSlirp(pid: number): Promise<ChildProcess> {
    const slirp = spawn(
      'slirp4netns',
      [
        '--configure',
        '--mtu=65520',
        '--disable-host-loopback',
        '--enable-seccomp',
        '--ready-fd=3',
        '--exit-fd=4',
        `--userns-path=/proc/${pid}/ns/user`,
        String(pid),
        'tap0',
      ],
      { uid: HOST_ID.uid, gid: HOST_ID.gid, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    let errors = '';
    slirp.stderr!.setEncoding('utf8').on('data', (d: string) => (errors += d));
    return new Promise((resolve, reject) => {
      const timer = this.deps.clock.setTimer(READY_TIMEOUT_MS, () => fail());
      const fail = (): void => {
        timer.cancel();
        kill(slirp, false);
        reject(new Error(`slirp4netns did not start: ${errors.trim()}`));
      };
      slirp.once('exit', fail);
      slirp.once('error', fail);
      slirp.stdio[3]!.once('data', () => {
        timer.cancel();
        slirp.off('exit', fail);
        resolve(slirp);
      });
    });
  }
}

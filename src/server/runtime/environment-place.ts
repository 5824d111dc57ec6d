import { chownSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runtimeFamily } from '../functions/runtimes.js';
import type { EnvironmentDeps, EnvironmentSpec } from './environment-types.js';
import { RUNTIME_API_INSIDE, type NetworkSlot } from './network-slots.js';
import type { RuntimeApi } from './runtime-api.js';
import { HOST_ID, isRoot } from './sandbox-user.js';
import type { TmpVolume } from './tmp-volumes.js';

/**
 * Where an environment lives for as long as it exists (across restarts of its process): its /tmp,
 * its network namespace, and its Runtime API socket, with what the process is told about them.
 */
export interface Placement {
  /** Host directory shown at /tmp. */
  tmpDir: string;
  /** Host directory holding the Runtime API sockets. */
  socketDir: string;
  /** The framed channel's socket's name in socketDir, when gradual's bootstraps use it. */
  framesSocket: string | undefined;
  netns: string | undefined;
  /** `AWS_LAMBDA_RUNTIME_API` as the process reaches it. */
  runtimeApi: string;
  /** `AWS_ENDPOINT_URL` as the process reaches it. */
  endpointUrl: string;
  release(): Promise<void>;
}

/** The framed channel's socket, next to the Runtime API's. */
const FRAMES_SOCKET = 'frames.sock';

/** gradual's API on the loopback of a private network namespace: the same port as on the host. */
export function insideEndpoint(hostUrl: string): string {
  const url = new URL(hostUrl);
  return `http://127.0.0.1:${url.port || '80'}`;
}

export async function place(
  deps: Pick<EnvironmentDeps, 'sandbox' | 'networks' | 'volumes' | 'endpointUrl' | 'runtimeChannel'>,
  spec: Pick<EnvironmentSpec, 'ephemeralStorageMb' | 'runtime'>,
  dir: string,
  api: RuntimeApi,
): Promise<Placement> {
  const sandboxed = deps.sandbox.mode === 'bwrap';
  let slot: NetworkSlot | undefined;
  let volume: TmpVolume | undefined;
  const release = async (): Promise<void> => {
    await api.close();
    await Promise.all([slot?.release(), volume?.release()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o711 });
    if (sandboxed && deps.networks) slot = await deps.networks.take();
    if (sandboxed && deps.volumes) volume = await deps.volumes.take(spec.ephemeralStorageMb);
    let tmpDir = volume?.dir;
    if (!tmpDir) {
      tmpDir = join(dir, 'tmp');
      mkdirSync(tmpDir, { mode: 0o700 });
      if (sandboxed && isRoot()) chownSync(tmpDir, HOST_ID.uid, HOST_ID.gid);
    }
    const socket = slot?.runtimeSocket ?? join(dir, 'run', 'runtime.sock');
    mkdirSync(dirname(socket), { recursive: true, mode: 0o755 });
    // Without a network namespace of its own, `provided` runtimes need a port on the host's loopback.
    // Only gradual's own bootstraps speak the framed channel.
    const ours = runtimeFamily(spec.runtime) !== 'provided';
    const frames = ours && (deps.runtimeChannel ?? 'frames') === 'frames' ? FRAMES_SOCKET : undefined;
    const { port } = await api.listen({
      socket,
      tcp: slot === undefined,
      frames: frames === undefined ? undefined : join(dirname(socket), frames),
    });
    return {
      tmpDir,
      socketDir: dirname(socket),
      framesSocket: frames,
      netns: slot?.netns,
      runtimeApi: slot ? RUNTIME_API_INSIDE : `127.0.0.1:${port}`,
      endpointUrl: slot ? insideEndpoint(deps.endpointUrl) : deps.endpointUrl,
      release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}

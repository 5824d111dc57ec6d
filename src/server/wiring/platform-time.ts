import type { Clock } from '../../common/clock.js';
import { ActionableError } from '../../common/errors.js';
import type { Log } from '../../common/log.js';
import { readTimeline, rehearsalClock, timelineConflict } from '../../common/rehearsal-time.js';
import {
  findLibfaketime,
  realFunctionTime,
  scaledFunctionTime,
  type FunctionTime,
} from '../runtime/function-time.js';
import type { Cluster } from './cluster.js';
import type { ServerOptions, ServerSeams } from './server-options.js';
import type { Teardown } from './teardown.js';

/**
 * What `--time-scale` needs, checked before anything is touched: libfaketime (its path, returned),
 * so functions read the platform's scaled clock, and a data dir whose timeline runs at this scale.
 */
export function timeRequirements(options: ServerOptions, seams: ServerSeams): string | undefined {
  const library = options.timeScale === 1 ? undefined : findLibfaketime();
  if (options.timeScale !== 1 && !library && !seams.clock && !options.allowRealFunctionClock) {
    throw new ActionableError(
      '--time-scale needs libfaketime, so functions read the same scaled clock as the server (Debian/Ubuntu: apt-get install libfaketime).',
    );
  }
  const conflict = seams.clock
    ? undefined
    : timelineConflict(readTimeline(options.dataDir), options.timeScale, options.dataDir);
  if (conflict) throw new ActionableError(conflict);
  return library;
}

/**
 * Under --time-scale on one node, the platform's timeline persists across restarts (deadlines are
 * stored in it); a cluster's nodes share the database's instead.
 */
export function startRehearsal(
  options: ServerOptions,
  seams: ServerSeams,
  deps: { wallClock: Clock; log: Log; teardown: Teardown },
): Clock | undefined {
  if (seams.clock || options.timeScale === 1 || options.database) return undefined;
  const rehearsal = rehearsalClock(options.dataDir, options.timeScale, deps.wallClock, deps.log);
  deps.teardown.defer('rehearsal timeline', () => rehearsal.stop());
  return rehearsal.clock;
}

export interface PlatformTime {
  wallClock: Clock;
  /** The platform's clock: scaled under --time-scale. */
  clock: Clock;
  /** What functions read. */
  functionTime: FunctionTime;
}

export async function platformTime(input: {
  options: ServerOptions;
  seams: ServerSeams;
  wallClock: Clock;
  log: Log;
  library: string | undefined;
  rehearsal: Clock | undefined;
  cluster: Cluster | undefined;
}): Promise<PlatformTime> {
  const { options, seams, wallClock, library, rehearsal, cluster } = input;
  // Scale 1 included: a node at another scale than the cluster's would misread every deadline.
  const clusterClock =
    cluster && !seams.clock ? await cluster.timeline(options.timeScale, wallClock) : undefined;
  const clock = seams.clock ?? clusterClock ?? rehearsal ?? wallClock;
  // Functions share the platform's clock under --time-scale (a rehearsal's, or the cluster's
  // timeline); tests on a virtual clock keep them on real time.
  const scaled = seams.clock ? undefined : (clusterClock ?? rehearsal);
  const functionTime =
    scaled && library
      ? scaledFunctionTime(scaled, wallClock, options.timeScale, library)
      : realFunctionTime(wallClock);
  if (rehearsal && !library)
    input.log.warn('libfaketime is not installed: functions read real time while the platform runs scaled');
  return { wallClock, clock, functionTime };
}

import type { DecisionEntry, Deployment } from './model.js';
import type { Observations } from './observations.js';

/** The deployment with one more entry in its decision log. */
export function log<D extends Deployment>(d: D, entry: DecisionEntry): D {
  return { ...d, log: [...d.log, entry] };
}

/** The watched alarms' states as the log records them (`MISSING` for one that does not exist). */
export function alarmStates(d: Deployment, obs: Observations): Record<string, string> {
  return Object.fromEntries(d.alarms.alarms.map((name) => [name, obs.alarms[name] ?? 'MISSING']));
}

/** A hold as the log says it: whole minutes, else seconds to a tenth. */
export function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

import type { AlarmState, AliasView } from '../observations.js';
import type { DeployPorts } from '../ports.js';

/**
 * The engine's world in memory: functions with versions and aliases, alarm states, invocations per
 * version, hook calls. Tests set the world and read what the engine did to it.
 */
export class FakeWorld {
  readonly versions = new Map<string, Set<string>>();
  readonly aliases = new Map<string, AliasView>();
  readonly alarms: Record<string, AlarmState | undefined> = {};
  /** Invocations counted per `fn:alias:version`, all at time 0. */
  readonly invocations = new Map<string, number>();
  /** Errors counted per `fn:alias:version`. */
  readonly errors = new Map<string, number>();
  readonly hookCalls: { functionName: string; payload: unknown }[] = [];
  readonly prewarmed: string[] = [];
  private readonly alarmListeners = new Set<(name: string) => void>();

  /** A function with versions `1..count` and `alias` on version 1. */
  addFunction(name: string, count = 2, alias = 'live'): void {
    this.versions.set(name, new Set(Array.from({ length: count }, (_, i) => String(i + 1))));
    this.aliases.set(`${name}:${alias}`, { functionVersion: '1', routing: undefined });
  }

  private count(fn: string, alias: string, version: string): number {
    return this.invocations.get(`${fn}:${alias}:${version}`) ?? 0;
  }

  private errorCount(fn: string, alias: string, version: string): number {
    return this.errors.get(`${fn}:${alias}:${version}`) ?? 0;
  }

  setAlarm(name: string, state: AlarmState): void {
    this.alarms[name] = state;
    for (const listener of this.alarmListeners) listener(name);
  }

  readonly ports: DeployPorts = {
    aliases: {
      get: (fn, alias) => Promise.resolve(this.aliases.get(`${fn}:${alias}`)),
      versionExists: (fn, version) => Promise.resolve(this.versions.get(fn)?.has(version) ?? false),
      set: (fn, alias, functionVersion, weights) => {
        const [version, weight] = Object.entries(weights)[0] ?? [];
        this.aliases.set(`${fn}:${alias}`, {
          functionVersion,
          routing: version === undefined ? undefined : { version, weight: weight! },
        });
        return Promise.resolve();
      },
    },
    alarms: {
      states: (names) => Promise.resolve(Object.fromEntries(names.map((n) => [n, this.alarms[n]]))),
      onChange: (listener) => {
        this.alarmListeners.add(listener);
        return () => this.alarmListeners.delete(listener);
      },
    },
    hooks: {
      invokeAsync: (functionName, payload) => {
        this.hookCalls.push({ functionName, payload });
        return Promise.resolve();
      },
    },
    traffic: {
      invocations: (fn, alias, version) => Promise.resolve(this.count(fn, alias, version)),
      counts: (fn, alias, version) =>
        Promise.resolve({
          invocations: this.count(fn, alias, version),
          errors: this.errorCount(fn, alias, version),
        }),
      sample: (fn, alias, version) =>
        Promise.resolve({
          invocations: this.count(fn, alias, version),
          errors: this.errorCount(fn, alias, version),
          duration: undefined,
          metrics: {},
        }),
    },
    prewarm: {
      prewarm: (fn, version) => {
        this.prewarmed.push(`${fn}:${version}`);
        return Promise.resolve();
      },
    },
  };
}

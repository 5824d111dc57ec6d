import { actorKey, type ActorSession, type StackActor } from '../actor.js';
import type { StackPorts } from '../ports.js';

export interface ActorPortsConfig {
  /** The providers with the operator's keys (or any, with authentication off). */
  operator: StackPorts;
  /** Providers calling with a new session of a role, and how to let go of their clients. */
  session(session: ActorSession): { ports: StackPorts; destroy(): void };
}

/**
 * The providers, once per principal an operation acts as: each set calls the services with that
 * principal's credentials, so every call is authorized (and refused) as that principal's own
 * would be. Sessions' credentials are issued anew for each server run, as the role is assumed
 * again when an operation resumes.
 */
export function providersByActor(config: ActorPortsConfig): StackPorts & { destroy(): void } {
  const sessions = new Map<string, { ports: StackPorts; destroy(): void }>();
  const forActor = (actor: StackActor): StackPorts => {
    switch (actor.kind) {
      case 'operator':
        return config.operator;
      case 'session': {
        const key = actorKey(actor);
        const made = sessions.get(key) ?? config.session(actor.session);
        sessions.set(key, made);
        return made.ports;
      }
    }
  };
  return {
    provider: (type, actor) => forActor(actor).provider(type, actor),
    destroy() {
      for (const made of sessions.values()) made.destroy();
      sessions.clear();
    },
  };
}

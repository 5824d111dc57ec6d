import { actorKey, type ActorSession, type StackActor } from '../actor.js';
import type { StackPorts } from '../ports.js';
import type { ServiceClients } from './clients.js';

export interface ActorClientsConfig {
  /** The clients with the operator's keys (or any, with authentication off). */
  operator: ServiceClients;
  /** Clients calling with a new session of a role, and how to let them go. */
  session(session: ActorSession): ServiceClients & { destroy(): void };
}

/** The service clients signed as each principal an operation acts as, made on first use. */
export interface ActorClients {
  of(actor: StackActor): ServiceClients;
  destroy(): void;
}

/**
 * The clients, once per principal: each set calls the services with that principal's credentials,
 * so every call (a resource's, or a change set's read before it) is authorized and refused as that
 * principal's own would be. Sessions' credentials are issued anew for each server run, as the role
 * is assumed again when an operation resumes.
 */
export function clientsByActor(config: ActorClientsConfig): ActorClients {
  const sessions = new Map<string, ServiceClients & { destroy(): void }>();
  return {
    of(actor) {
      switch (actor.kind) {
        case 'operator':
          return config.operator;
        case 'session': {
          const key = actorKey(actor);
          const made = sessions.get(key) ?? config.session(actor.session);
          sessions.set(key, made);
          return made;
        }
      }
    },
    destroy() {
      for (const made of sessions.values()) made.destroy();
      sessions.clear();
    },
  };
}

/** The providers over each principal's clients (`make`: every provider over one set of clients). */
export function providersByActor(
  clients: ActorClients,
  make: (clients: ServiceClients) => Promise<StackPorts>,
): StackPorts {
  const made = new WeakMap<ServiceClients, Promise<StackPorts>>();
  return {
    async provider(type, actor) {
      const own = clients.of(actor);
      const ports = made.get(own) ?? make(own);
      made.set(own, ports);
      return (await ports).provider(type, actor);
    },
  };
}

import { actorKey, type ActorSession, type StackActor } from '../actor.js';
import type { StackPorts } from '../ports.js';
import { serviceClients, type ClientConfig } from './clients.js';
import { providers } from './index.js';

export interface ActorClientsConfig {
  endpoint: ClientConfig['endpoint'];
  region: string;
  accountId: string;
  /** The operator's keys (or any, with authentication off). */
  operator: ClientConfig['credentials'];
  /** Temporary credentials for a role's session, recognised by this server's auth layer. */
  issue(session: ActorSession): { accessKeyId: string; secretAccessKey: string; sessionToken: string };
}

/**
 * The providers, once per principal an operation acts as: each set calls the services with that
 * principal's credentials, so every call is authorized (and refused) as that principal's own
 * would be. Sessions' credentials are issued anew for each server run, as the role is assumed
 * again when an operation resumes.
 */
export function providersByActor(config: ActorClientsConfig): StackPorts & { destroy(): void } {
  const made = new Map<string, { ports: StackPorts; destroy(): void }>();
  const place = { region: config.region, accountId: config.accountId };
  const forActor = (actor: StackActor) => {
    const key = actorKey(actor);
    const existing = made.get(key);
    if (existing) return existing.ports;
    const clients = serviceClients({
      endpoint: config.endpoint,
      region: config.region,
      credentials: actor.kind === 'operator' ? config.operator : config.issue(actor.session),
    });
    const ports = providers(clients, place);
    made.set(key, { ports, destroy: () => clients.destroy() });
    return ports;
  };
  return {
    provider: (type, actor) => forActor(actor).provider(type, actor),
    destroy() {
      for (const entry of made.values()) entry.destroy();
      made.clear();
    },
  };
}

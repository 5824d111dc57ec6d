import { describe, expect, it } from 'vitest';
import { OPERATOR, type StackActor } from '../actor.js';
import type { ResourceProvider } from '../ports.js';
import { clientsByActor, providersByActor } from './by-actor.js';
import type { ServiceClients } from './clients.js';

/** Stand-in clients: the tests look only at which set is handed out, never call through them. */
const fake = (name: string) => ({ name }) as unknown as ServiceClients;

const session = (roleArn: string, sessionName?: string): StackActor => ({
  kind: 'session',
  session: { roleArn, ...(sessionName ? { sessionName } : {}) },
});

function setup() {
  const made: string[] = [];
  const destroyed: string[] = [];
  const operator = fake('operator');
  const clients = clientsByActor({
    operator,
    session(s) {
      const name = `${s.roleArn}/${s.sessionName ?? '-'}`;
      made.push(name);
      return Object.assign(fake(name), { destroy: () => destroyed.push(name) });
    },
  });
  return { clients, operator, made, destroyed };
}

describe('clientsByActor', () => {
  it("hands the operator's clients to the operator, one set per session, made once", () => {
    const { clients, operator, made } = setup();
    expect(clients.of(OPERATOR)).toBe(operator);
    const a = clients.of(session('arn:a'));
    expect(clients.of(session('arn:a'))).toBe(a);
    expect(clients.of(session('arn:a', 'AWSCloudFormation'))).not.toBe(a);
    expect(made).toEqual(['arn:a/-', 'arn:a/AWSCloudFormation']);
  });

  it("lets every session's clients go, and makes them anew after", () => {
    const { clients, made, destroyed } = setup();
    clients.of(session('arn:a'));
    clients.destroy();
    expect(destroyed).toEqual(['arn:a/-']);
    clients.of(session('arn:a'));
    expect(made).toEqual(['arn:a/-', 'arn:a/-']);
  });
});

describe('providersByActor', () => {
  it("builds each principal's providers once, over that principal's clients", async () => {
    const { clients } = setup();
    const builtOver: unknown[] = [];
    const ports = providersByActor(clients, (own) => {
      builtOver.push(own);
      const provider = { apply: () => Promise.reject(new Error('unused')) } as ResourceProvider;
      return Promise.resolve({
        provider: (type) => Promise.resolve(type === 'AWS::Lambda::Function' ? provider : undefined),
      });
    });
    const a = await ports.provider('AWS::Lambda::Function', session('arn:a'));
    expect(await ports.provider('AWS::Lambda::Function', session('arn:a'))).toBe(a);
    expect(await ports.provider('AWS::Nothing', session('arn:a'))).toBeUndefined();
    await ports.provider('AWS::Lambda::Function', OPERATOR);
    expect(builtOver).toEqual([clients.of(session('arn:a')), clients.of(OPERATOR)]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { silentLog } from '../../common/log.js';
import { seededRandom } from '../../common/random.js';
import { lateRenewalLeases } from '../cluster/test-support/late-renewal-leases.js';
import type { Store } from '../store/store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { StackEngine } from './engine.js';
import type { ApplyRequest, Outcome } from './ports.js';
import { Stacks } from './stacks.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** Lets the engine's steps run (`idle` would wait for the held provider calls too). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A provider whose calls wait until answered, counting them. */
class HeldProvider {
  calls: ApplyRequest[] = [];
  private waiting: ((o: Outcome) => void)[] = [];
  apply(request: ApplyRequest): Promise<Outcome> {
    this.calls.push(request);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  answerAll(): void {
    for (const resolve of this.waiting.splice(0))
      resolve({ kind: 'done', physicalId: 'thing-1', attributes: {} });
  }
}

describe('the stack engine in a cluster', () => {
  it('a node whose hold lapsed for a moment does not make its own provider call in flight again', async () => {
    const leases = lateRenewalLeases();
    store = openSqliteStore(':memory:');
    const clock = new VirtualClock();
    const random = seededRandom(1);
    const provider = new HeldProvider();
    const common = {
      store: store.cloudformation,
      clock,
      random,
      region: 'us-east-1',
      accountId: '000000000000',
    };
    const engine = new StackEngine({
      ...common,
      log: silentLog,
      ports: { provider: () => Promise.resolve(provider) },
      cluster: { leases, wallClock: clock, scanEveryMs: 1000 },
    });
    await engine.start();
    const stacks = new Stacks({ ...common, engine });
    const template = JSON.stringify({ Resources: { Thing: { Type: 'AWS::S3::Bucket' } } });
    await stacks.createChangeSet({
      stackName: 's',
      changeSetName: 'c',
      changeSetType: 'CREATE',
      templateBody: template,
      usePreviousTemplate: false,
      parameters: [],
      capabilities: [],
      tags: [],
    });
    await stacks.executeChangeSet('c', 's');
    await settle();
    expect(provider.calls).toHaveLength(1);

    leases.lapse(); // its renewal came late
    await clock.advance(1000); // the node's own scan sees an operation nobody seems to drive
    await settle();
    expect(provider.calls).toHaveLength(1);

    provider.answerAll();
    await clock.advance(0);
    await engine.idle();
    const stack = await store.cloudformation.read((r) => r.liveStack('s'));
    expect(stack?.status).toBe('CREATE_COMPLETE');
    await engine.close();
  });
});

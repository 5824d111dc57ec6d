import type { Random } from '../../common/random.js';
import type { AsyncQueue } from '../invoke/async-queue.js';
import type { Invoker } from '../invoke/invoker.js';
import { parseKey } from '../invoke/targets.js';
import type { WarmKeeper } from '../invoke/warm-keeper.js';
import { parseFunctionName, type Account } from '../functions/names.js';
import type { Pool } from '../runtime/pool.js';
import type { HookPort, PrewarmPort } from '../deployments/ports.js';

/**
 * Hooks are invoked as Lambda's Event invocations: the function must exist (else the event fails
 * at once), then the payload joins the durable async queue, retried as Lambda retries.
 */
export function queuedHooks(deps: {
  invoker: Invoker;
  asyncQueue: AsyncQueue;
  random: Random;
  account: Account;
}): HookPort {
  return {
    async invokeAsync(name, payload) {
      const ref = parseFunctionName(name, deps.account, { form: 'namespaced' });
      await deps.invoker.target(ref.name, ref.qualifier);
      // A hook is the platform's own event: tiny, and a rollback must not fail for want of space.
      await deps.asyncQueue.enqueue(
        {
          requestId: deps.random.uuid(),
          functionName: ref.name,
          qualifier: ref.qualifier,
          payload: Buffer.from(JSON.stringify(payload)),
        },
        { admit: false },
      );
    },
  };
}

/** Warms the target version with as many environments as the current version runs now (at least one). */
export function poolPrewarm(deps: { pool: Pool; warmKeeper: WarmKeeper }): PrewarmPort {
  return {
    async prewarm(functionName, version, like) {
      const running = deps.pool
        .keys()
        .filter((key) => {
          const target = parseKey(key);
          return target.functionName === functionName && target.version === like;
        })
        .reduce((total, key) => total + deps.pool.running(key), 0);
      await deps.warmKeeper.prewarm(functionName, version, Math.max(1, running));
    },
  };
}

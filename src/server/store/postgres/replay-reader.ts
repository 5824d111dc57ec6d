/**
 * The domains decide synchronously through a reader (`reader.deployment(id)`), as SQLite answers
 * synchronously; PostgreSQL answers over the network. This bridges the two without changing a
 * decision: run `decide` against a reader that answers from what was fetched so far; at the first
 * read it cannot answer it stops the run, fetches that one answer, and runs `decide` again. A pure
 * decision given the same answers takes the same path, so the last run (the first one that read
 * nothing new) is the decision the synchronous store would have made. Its outcome, result or
 * throw, is the only one that counts; earlier runs are discarded whatever they did.
 */

/** The reader's methods, each answering a promise. */
export type AsyncReader<R> = {
  [K in keyof R]: R[K] extends (...args: infer A) => infer V ? (...args: A) => Promise<V> : never;
};

/** Thrown at a read that has no answer yet; never escapes `decideWithReads`. */
class NotFetchedYet extends Error {}

/** Runs of one decision before giving up (each run fetches one more answer). */
const MAX_RUNS = 10_000;

export async function decideWithReads<R extends object, T>(
  fetch: AsyncReader<R>,
  decide: (reader: R) => T,
): Promise<T> {
  const answers = new Map<string, unknown>();
  for (let run = 0; run < MAX_RUNS; run++) {
    let wanted: { key: string; load: () => Promise<unknown> } | undefined;
    const reader = new Proxy({} as R, {
      get: (_target, method: string | symbol) => {
        const load = (fetch as Record<string | symbol, (...args: unknown[]) => Promise<unknown>>)[method];
        if (typeof load !== 'function') return undefined;
        return (...args: unknown[]) => {
          const key = `${String(method)}\u0000${JSON.stringify(args)}`;
          if (answers.has(key)) return structuredClone(answers.get(key));
          wanted ??= { key, load: () => load(...args) };
          throw new NotFetchedYet(key);
        };
      },
    });
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: decide(reader) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (!wanted) {
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    }
    answers.set(wanted.key, await wanted.load());
  }
  throw new Error('a store decision kept reading new data: is it pure?');
}

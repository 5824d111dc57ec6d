import { assertNever } from '../../../common/errors.js';
import type { FunctionAggregate } from '../../functions/model.js';
import type { PolicyDecision, PolicyRecord, PolicyStore } from '../../functions/policy-store.js';
import { FUNCTION_TOPIC, LAMBDA_LOCK, loadFunction } from './function-store.js';
import type { PgDatabase, Tx } from './pg-database.js';

type Row = { data: string };

async function loadPolicy(
  q: Pick<Tx, 'query'>,
  functionName: string,
  qualifier: string,
): Promise<PolicyRecord | undefined> {
  const [row] = await q.query<Row>(
    'SELECT data FROM lambda_policies WHERE function_name = $1 AND qualifier = $2',
    [functionName, qualifier],
  );
  return row ? (JSON.parse(row.data) as PolicyRecord) : undefined;
}

/** Resource-based policies, decided under Lambda's write lock with the function they belong to. */
export class PgPolicyStore implements PolicyStore {
  constructor(private readonly db: PgDatabase) {}

  load(functionName: string, qualifier: string): Promise<PolicyRecord | undefined> {
    return loadPolicy(this.db, functionName, qualifier);
  }

  transact<T>(
    functionName: string,
    qualifier: string,
    decide: (fn: FunctionAggregate | undefined, policy: PolicyRecord | undefined) => PolicyDecision<T>,
  ): Promise<T> {
    return this.db.write(LAMBDA_LOCK, async (tx) => {
      const { changes, result } = decide(
        await loadFunction(tx, functionName),
        await loadPolicy(tx, functionName, qualifier),
      );
      for (const change of changes) {
        switch (change.kind) {
          case 'putPolicy':
            await tx.query(
              `INSERT INTO lambda_policies (function_name, qualifier, data) VALUES ($1, $2, $3)
               ON CONFLICT (function_name, qualifier) DO UPDATE SET data = excluded.data`,
              [change.policy.functionName, change.policy.qualifier, JSON.stringify(change.policy)],
            );
            break;
          case 'deletePolicy':
            await tx.query('DELETE FROM lambda_policies WHERE function_name = $1 AND qualifier = $2', [
              change.functionName,
              change.qualifier,
            ]);
            break;
          default:
            assertNever(change);
        }
      }
      if (changes.length > 0) tx.publish(`${FUNCTION_TOPIC}-policy`, functionName);
      return result;
    });
  }
}

import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type { FunctionAggregate } from '../../functions/model.js';
import type {
  PolicyChange,
  PolicyDecision,
  PolicyRecord,
  PolicyStore,
} from '../../functions/policy-store.js';
import { immediateTransaction } from './transaction.js';

type Row = { data: string };

export class SqlitePolicyStore implements PolicyStore {
  private readonly q;

  constructor(
    private readonly db: Database.Database,
    /** Reads a function inside the same transaction. */
    private readonly loadFunction: (name: string) => FunctionAggregate | undefined,
  ) {
    this.q = {
      get: db.prepare<[string, string], Row>(
        'SELECT data FROM lambda_policies WHERE function_name = ? AND qualifier = ?',
      ),
      put: db.prepare(
        `INSERT INTO lambda_policies (function_name, qualifier, data) VALUES (?, ?, ?)
         ON CONFLICT (function_name, qualifier) DO UPDATE SET data = excluded.data`,
      ),
      delete: db.prepare('DELETE FROM lambda_policies WHERE function_name = ? AND qualifier = ?'),
    };
  }

  load(functionName: string, qualifier: string): Promise<PolicyRecord | undefined> {
    return Promise.resolve(this.loadNow(functionName, qualifier));
  }

  transact<T>(
    functionName: string,
    qualifier: string,
    decide: (fn: FunctionAggregate | undefined, policy: PolicyRecord | undefined) => PolicyDecision<T>,
  ): Promise<T> {
    return immediateTransaction(this.db, () => {
      const { changes, result } = decide(
        this.loadFunction(functionName),
        this.loadNow(functionName, qualifier),
      );
      for (const change of changes) this.apply(change);
      return result;
    });
  }

  private loadNow(functionName: string, qualifier: string): PolicyRecord | undefined {
    const row = this.q.get.get(functionName, qualifier);
    return row ? (JSON.parse(row.data) as PolicyRecord) : undefined;
  }

  private apply(change: PolicyChange): void {
    switch (change.kind) {
      case 'putPolicy':
        this.q.put.run(change.policy.functionName, change.policy.qualifier, JSON.stringify(change.policy));
        return;
      case 'deletePolicy':
        this.q.delete.run(change.functionName, change.qualifier);
        return;
      default:
        return assertNever(change);
    }
  }
}

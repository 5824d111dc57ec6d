import { assertNever } from '../../../common/errors.js';
import type { CustomerPolicyRecord, InlinePolicyRecord, RoleRecord } from '../../iam/iam-model.js';
import type { IamChange, IamDecision, IamReader, IamStore } from '../../iam/iam-store.js';
import type { PgDatabase, Tx } from './pg-database.js';
import { decideWithReads, type AsyncReader } from './replay-reader.js';

type Data = { data: string };
type Query = Pick<Tx, 'query'>;
const key = (name: string): string => name.toLowerCase();
const parse = <T>(rows: Data[]): T | undefined => (rows[0] ? (JSON.parse(rows[0].data) as T) : undefined);
const parseAll = <T>(rows: Data[]): T[] => rows.map((r) => JSON.parse(r.data) as T);

export const IAM_LOCK = 'iam';
/** Change topic of IAM (key: the role or policy changed). */
export const IAM_TOPIC = 'iam';

function reader(q: Query): AsyncReader<IamReader> {
  return {
    role: async (name) =>
      parse<RoleRecord>(await q.query<Data>('SELECT data FROM iam_roles WHERE name_key = $1', [key(name)])),
    roles: async () =>
      parseAll<RoleRecord>(await q.query<Data>('SELECT data FROM iam_roles ORDER BY name_key')),
    inlinePolicy: async (role, name) =>
      parse<InlinePolicyRecord>(
        await q.query<Data>('SELECT data FROM iam_inline_policies WHERE role_key = $1 AND name_key = $2', [
          key(role),
          key(name),
        ]),
      ),
    inlinePolicies: async (role) =>
      parseAll<InlinePolicyRecord>(
        await q.query<Data>('SELECT data FROM iam_inline_policies WHERE role_key = $1 ORDER BY name_key', [
          key(role),
        ]),
      ),
    attachedPolicies: async (role) =>
      (
        await q.query<{ policy_arn: string }>(
          'SELECT policy_arn FROM iam_role_attachments WHERE role_key = $1 ORDER BY seq',
          [key(role)],
        )
      ).map((r) => r.policy_arn),
    attachmentCount: async (arn) =>
      (
        await q.query<{ n: number }>(
          'SELECT count(*)::bigint AS n FROM iam_role_attachments WHERE policy_arn = $1',
          [arn],
        )
      )[0]?.n ?? 0,
    policy: async (arn) =>
      parse<CustomerPolicyRecord>(await q.query<Data>('SELECT data FROM iam_policies WHERE arn = $1', [arn])),
    policyByName: async (name) =>
      parse<CustomerPolicyRecord>(
        await q.query<Data>('SELECT data FROM iam_policies WHERE name_key = $1', [key(name)]),
      ),
    policies: async () =>
      parseAll<CustomerPolicyRecord>(await q.query<Data>('SELECT data FROM iam_policies ORDER BY name_key')),
  };
}

async function apply(tx: Tx, change: IamChange): Promise<void> {
  switch (change.kind) {
    case 'putRole':
      await tx.query(
        'INSERT INTO iam_roles (name_key, data) VALUES ($1, $2) ON CONFLICT (name_key) DO UPDATE SET data = excluded.data',
        [key(change.role.roleName), JSON.stringify(change.role)],
      );
      tx.publish(IAM_TOPIC, `role/${key(change.role.roleName)}`);
      return;
    case 'deleteRole':
      await tx.query('DELETE FROM iam_roles WHERE name_key = $1', [key(change.roleName)]);
      tx.publish(IAM_TOPIC, `role/${key(change.roleName)}`);
      return;
    case 'putInlinePolicy':
      await tx.query(
        `INSERT INTO iam_inline_policies (role_key, name_key, data) VALUES ($1, $2, $3)
         ON CONFLICT (role_key, name_key) DO UPDATE SET data = excluded.data`,
        [key(change.policy.roleName), key(change.policy.policyName), JSON.stringify(change.policy)],
      );
      tx.publish(IAM_TOPIC, `role/${key(change.policy.roleName)}`);
      return;
    case 'deleteInlinePolicy':
      await tx.query('DELETE FROM iam_inline_policies WHERE role_key = $1 AND name_key = $2', [
        key(change.roleName),
        key(change.policyName),
      ]);
      tx.publish(IAM_TOPIC, `role/${key(change.roleName)}`);
      return;
    case 'attach':
      await tx.query(
        `INSERT INTO iam_role_attachments (role_key, policy_arn) VALUES ($1, $2)
         ON CONFLICT (role_key, policy_arn) DO NOTHING`,
        [key(change.roleName), change.policyArn],
      );
      tx.publish(IAM_TOPIC, `role/${key(change.roleName)}`);
      return;
    case 'detach':
      await tx.query('DELETE FROM iam_role_attachments WHERE role_key = $1 AND policy_arn = $2', [
        key(change.roleName),
        change.policyArn,
      ]);
      tx.publish(IAM_TOPIC, `role/${key(change.roleName)}`);
      return;
    case 'putPolicy':
      await tx.query(
        `INSERT INTO iam_policies (arn, name_key, data) VALUES ($1, $2, $3)
         ON CONFLICT (arn) DO UPDATE SET data = excluded.data`,
        [change.policy.arn, key(change.policy.policyName), JSON.stringify(change.policy)],
      );
      tx.publish(IAM_TOPIC, `policy/${change.policy.arn}`);
      return;
    case 'deletePolicy':
      await tx.query('DELETE FROM iam_policies WHERE arn = $1', [change.arn]);
      tx.publish(IAM_TOPIC, `policy/${change.arn}`);
      return;
    default:
      return assertNever(change);
  }
}

/** IAM roles and policies; names are keyed in lower case, as IAM finds them regardless of case. */
export class PgIamStore implements IamStore {
  constructor(private readonly db: PgDatabase) {}

  read<T>(query: (reader: IamReader) => T): Promise<T> {
    return this.db.snapshot((tx) => decideWithReads(reader(tx), query));
  }

  transact<T>(decide: (reader: IamReader) => IamDecision<T>): Promise<T> {
    return this.db.write(IAM_LOCK, async (tx) => {
      const { changes, result } = await decideWithReads(reader(tx), decide);
      for (const change of changes) await apply(tx, change);
      return result;
    });
  }
}

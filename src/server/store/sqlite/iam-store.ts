import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type { CustomerPolicyRecord, InlinePolicyRecord, RoleRecord } from '../../iam/iam-model.js';
import type { IamChange, IamDecision, IamReader, IamStore } from '../../iam/iam-store.js';
import { immediateTransaction, settled } from './transaction.js';

type Data = { data: string };
const key = (name: string): string => name.toLowerCase();
const parse = <T>(row: Data | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);

/**
 * IAM roles, their inline policies and attachments, and customer managed policies. Names are
 * stored with a lower-case key beside them, as IAM finds names regardless of case.
 */
export class SqliteIamStore implements IamStore {
  private readonly q;
  private readonly reader: IamReader;

  constructor(private readonly db: Database.Database) {
    this.q = {
      role: db.prepare<[string], Data>('SELECT data FROM iam_roles WHERE name_key = ?'),
      roles: db.prepare<[], Data>('SELECT data FROM iam_roles ORDER BY name_key'),
      putRole: db.prepare(
        `INSERT INTO iam_roles (name_key, data) VALUES (?, ?)
         ON CONFLICT (name_key) DO UPDATE SET data = excluded.data`,
      ),
      deleteRole: db.prepare('DELETE FROM iam_roles WHERE name_key = ?'),
      inline: db.prepare<[string, string], Data>(
        'SELECT data FROM iam_inline_policies WHERE role_key = ? AND name_key = ?',
      ),
      inlines: db.prepare<[string], Data>(
        'SELECT data FROM iam_inline_policies WHERE role_key = ? ORDER BY name_key',
      ),
      putInline: db.prepare(
        `INSERT INTO iam_inline_policies (role_key, name_key, data) VALUES (?, ?, ?)
         ON CONFLICT (role_key, name_key) DO UPDATE SET data = excluded.data`,
      ),
      deleteInline: db.prepare('DELETE FROM iam_inline_policies WHERE role_key = ? AND name_key = ?'),
      attached: db.prepare<[string], { policy_arn: string }>(
        'SELECT policy_arn FROM iam_role_attachments WHERE role_key = ? ORDER BY seq',
      ),
      attachmentCount: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM iam_role_attachments WHERE policy_arn = ?',
      ),
      attach: db.prepare(
        `INSERT INTO iam_role_attachments (role_key, policy_arn, seq)
         VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM iam_role_attachments))
         ON CONFLICT (role_key, policy_arn) DO NOTHING`,
      ),
      detach: db.prepare('DELETE FROM iam_role_attachments WHERE role_key = ? AND policy_arn = ?'),
      policy: db.prepare<[string], Data>('SELECT data FROM iam_policies WHERE arn = ?'),
      policyByName: db.prepare<[string], Data>('SELECT data FROM iam_policies WHERE name_key = ?'),
      policies: db.prepare<[], Data>('SELECT data FROM iam_policies ORDER BY name_key'),
      putPolicy: db.prepare(
        `INSERT INTO iam_policies (arn, name_key, data) VALUES (?, ?, ?)
         ON CONFLICT (arn) DO UPDATE SET data = excluded.data`,
      ),
      deletePolicy: db.prepare('DELETE FROM iam_policies WHERE arn = ?'),
    };
    const q = this.q;
    this.reader = {
      role: (name) => parse<RoleRecord>(q.role.get(key(name))),
      roles: () => q.roles.all().map((row) => JSON.parse(row.data) as RoleRecord),
      inlinePolicy: (role, name) => parse<InlinePolicyRecord>(q.inline.get(key(role), key(name))),
      inlinePolicies: (role) =>
        q.inlines.all(key(role)).map((row) => JSON.parse(row.data) as InlinePolicyRecord),
      attachedPolicies: (role) => q.attached.all(key(role)).map((row) => row.policy_arn),
      attachmentCount: (arn) => q.attachmentCount.get(arn)?.n ?? 0,
      policy: (arn) => parse<CustomerPolicyRecord>(q.policy.get(arn)),
      policyByName: (name) => parse<CustomerPolicyRecord>(q.policyByName.get(key(name))),
      policies: () => q.policies.all().map((row) => JSON.parse(row.data) as CustomerPolicyRecord),
    };
  }

  read<T>(query: (reader: IamReader) => T): Promise<T> {
    return settled(() => query(this.reader));
  }

  transact<T>(decide: (reader: IamReader) => IamDecision<T>): Promise<T> {
    return immediateTransaction(this.db, () => {
      const { changes, result } = decide(this.reader);
      for (const change of changes) this.apply(change);
      return result;
    });
  }

  private apply(change: IamChange): void {
    const q = this.q;
    switch (change.kind) {
      case 'putRole':
        q.putRole.run(key(change.role.roleName), JSON.stringify(change.role));
        return;
      case 'deleteRole':
        q.deleteRole.run(key(change.roleName));
        return;
      case 'putInlinePolicy':
        q.putInline.run(
          key(change.policy.roleName),
          key(change.policy.policyName),
          JSON.stringify(change.policy),
        );
        return;
      case 'deleteInlinePolicy':
        q.deleteInline.run(key(change.roleName), key(change.policyName));
        return;
      case 'attach':
        q.attach.run(key(change.roleName), change.policyArn);
        return;
      case 'detach':
        q.detach.run(key(change.roleName), change.policyArn);
        return;
      case 'putPolicy':
        q.putPolicy.run(change.policy.arn, key(change.policy.policyName), JSON.stringify(change.policy));
        return;
      case 'deletePolicy':
        q.deletePolicy.run(change.arn);
        return;
      default:
        return assertNever(change);
    }
  }
}

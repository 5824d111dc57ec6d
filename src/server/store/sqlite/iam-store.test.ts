import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../common/clock.js';
import { seededRandom } from '../../../common/random.js';
import { IamService } from '../../iam/iam-service.js';
import type { Store } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const FULL = 'arn:aws:iam::aws:policy/AWSLambda_FullAccess';
const doc = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
});

describe('SqliteIamStore', () => {
  let dir: string;
  let store: Store;
  const service = (s: Store) =>
    new IamService({
      store: s.iam,
      clock: new VirtualClock(),
      random: seededRandom(1),
      accountId: '123456789012',
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iam-store-'));
    store = openSqliteStore(join(dir, 'gradual.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps roles, attachments in order, inline and customer policies across a restart', async () => {
    const iam = service(store);
    await iam.createRole({
      roleName: 'App',
      path: '/svc/',
      assumeRolePolicyDocument: TRUST,
      description: 'd',
      maxSessionDuration: undefined,
    });
    await iam.attachRolePolicy('app', FULL);
    await iam.attachRolePolicy('APP', BASIC);
    await iam.putRolePolicy('app', 'Logs', doc);
    const mine = await iam.createPolicy({
      policyName: 'mine',
      path: undefined,
      policyDocument: doc,
      description: undefined,
    });
    await iam.attachRolePolicy('app', mine.arn);
    await store.close();

    store = openSqliteStore(join(dir, 'gradual.db'));
    const again = service(store);
    const role = await again.getRole('aPP');
    expect(role).toMatchObject({
      roleName: 'App',
      arn: 'arn:aws:iam::123456789012:role/svc/App',
      description: 'd',
    });
    expect(
      (await again.listAttachedRolePolicies('app', { marker: undefined, maxItems: undefined })).items.map(
        (a) => a.policyArn,
      ),
    ).toEqual([FULL, BASIC, mine.arn]);
    expect((await again.getRolePolicy('app', 'LOGS')).policyName).toBe('Logs');
    expect((await again.getPolicy(BASIC)).attachmentCount).toBe(1);
    expect((await again.policiesOf(role)).map((p) => p.name)).toEqual(['Logs', FULL, BASIC, mine.arn]);
  });

  it('applies a refused decision not at all', async () => {
    const iam = service(store);
    await iam.createRole({
      roleName: 'app',
      path: undefined,
      assumeRolePolicyDocument: TRUST,
      description: undefined,
      maxSessionDuration: undefined,
    });
    await iam.putRolePolicy('app', 'p', doc);
    await expect(iam.deleteRole('app')).rejects.toMatchObject({ code: 'DeleteConflict' });
    expect((await iam.getRole('app')).roleName).toBe('app');
    await iam.deleteRolePolicy('app', 'p');
    await iam.deleteRole('app');
    expect(
      (await iam.listRoles({ marker: undefined, maxItems: undefined, pathPrefix: undefined })).items,
    ).toEqual([]);
  });
});

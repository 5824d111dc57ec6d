import { CreateStackCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetAliasCommand, LambdaClient } from '@aws-sdk/client-lambda';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StackRecord } from '../../src/server/cloudformation/model.js';
import {
  cfnClients,
  eventLines,
  settled,
  outputsOf,
  twoFunctionTemplate,
  uploadHandler,
} from '../support/cloudformation.js';
import { spawnServer } from '../support/process.js';
import { tempDir } from '../support/server.js';

function stored(dataDir: string, name: string): StackRecord {
  const db = new Database(join(dataDir, 'gradual.db'), { readonly: true });
  const row = db
    .prepare("SELECT data FROM cfn_stacks WHERE name = ? AND status != 'DELETE_COMPLETE'")
    .get(name) as { data: string };
  db.close();
  return JSON.parse(row.data) as StackRecord;
}

describe('kill -9 during a stack update', () => {
  it.each([150, 600])('killed %i ms into the update, the restarted server finishes it', async (killAfter) => {
    const dataDir = tempDir('gradual-cfn-crash-');
    // 60x: B's five-minute canary takes five seconds, so the kill lands inside the update.
    let server = await spawnServer(dataDir, ['--time-scale', '60']);
    let c = cfnClients(server);
    for (const [key, v] of [
      ['a1', 'a1'],
      ['b1', 'b1'],
      ['a2', 'a2'],
      ['b2', 'b2'],
    ])
      await uploadHandler(c.s3, 'code', key!, v!);
    await c.cfn.send(
      new CreateStackCommand({
        StackName: 'crash',
        TemplateBody: twoFunctionTemplate('s3://code/a1', 's3://code/b1'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect(await settled(c.cfn, 'crash')).toBe('CREATE_COMPLETE');
    const outputs = await outputsOf(c.cfn, 'crash');
    await c.cfn.send(
      new UpdateStackCommand({
        StackName: 'crash',
        TemplateBody: twoFunctionTemplate('s3://code/a2', 's3://code/b2'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await new Promise((r) => setTimeout(r, killAfter));
    await server.stop('SIGKILL');
    c.destroy();
    const atKill = stored(dataDir, 'crash');
    expect(atKill.status, 'the kill should land mid-update').toBe('UPDATE_IN_PROGRESS');

    server = await spawnServer(dataDir, ['--time-scale', '60']);
    c = cfnClients(server);
    expect(await settled(c.cfn, 'crash')).toBe('UPDATE_COMPLETE');
    const lambda = new LambdaClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: server.credentials,
      maxAttempts: 1,
    });
    for (const fn of [outputs.get('A')!, outputs.get('B')!]) {
      const alias = await lambda.send(new GetAliasCommand({ FunctionName: fn, Name: 'live' }));
      expect(alias.FunctionVersion).toBe('2');
      expect(alias.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
    }
    // One deployment per alias: the resumed update followed B's deployment rather than start another.
    const log = await eventLines(c.cfn, 'crash');
    expect(log.filter((l) => l === 'BAliaslive UPDATE_COMPLETE')).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('BVersion') && l.includes('CREATE_COMPLETE'))).toHaveLength(2);
    lambda.destroy();
    c.destroy();
    await server.stop();
  });
});

import {
  CreateChangeSetCommand,
  ExecuteChangeSetCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import {
  eventLines,
  outputsOf,
  settled,
  stackServer,
  twoFunctionTemplate,
  uploadHandler,
} from '../support/cloudformation.js';

// 60x: B's five-minute canary takes five seconds.
const s = stackServer({ timeScale: 60 });

async function changeSet(name: string, body: string, type: 'CREATE' | 'UPDATE'): Promise<void> {
  const cs = await s.c.cfn.send(
    new CreateChangeSetCommand({
      StackName: name,
      ChangeSetName: `cs-${Date.now()}`,
      ChangeSetType: type,
      TemplateBody: body,
      Capabilities: ['CAPABILITY_IAM'],
    }),
  );
  await waitUntilChangeSetCreateComplete(
    { client: s.c.cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
    { ChangeSetName: cs.Id! },
  );
  await s.c.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id! }));
}

const alias = async (fn: string) => s.t.lambda.send(new GetAliasCommand({ FunctionName: fn, Name: 'live' }));

describe('a stack releases as one', () => {
  it("B's canary fails on its alarm: A, already shifted, goes back too (UPDATE_ROLLBACK_COMPLETE)", async () => {
    for (const [key, v] of [
      ['a1', 'a1'],
      ['b1', 'b1'],
      ['a2', 'a2'],
      ['b2', 'b2'],
    ])
      await uploadHandler(s.c.s3, 'code', key!, v!);
    await changeSet('pair', twoFunctionTemplate('s3://code/a1', 's3://code/b1'), 'CREATE');
    await waitUntilStackCreateComplete(
      { client: s.c.cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 1 },
      { StackName: 'pair' },
    );
    const outputs = await outputsOf(s.c.cfn, 'pair');
    const [a, b] = [outputs.get('A')!, outputs.get('B')!];

    await changeSet('pair', twoFunctionTemplate('s3://code/a2', 's3://code/b2'), 'UPDATE');
    // Wait for A to be shifted and B's canary to hold at 10%, then B's alarm fires.
    for (let i = 0; ; i++) {
      const [aa, bb] = await Promise.all([alias(a), alias(b)]);
      if (aa.FunctionVersion === '2' && bb.RoutingConfig?.AdditionalVersionWeights?.['2']) break;
      if (i > 3000) throw new Error('the canary never started');
      await new Promise((r) => setTimeout(r, 10));
    }
    const fired = performance.now();
    await s.c.cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: 'pair-b-errors',
        StateValue: 'ALARM',
        StateReason: 'test: errors on the canary',
      }),
    );
    const status = await settled(s.c.cfn, 'pair');
    const ms = performance.now() - fired;
    expect(status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect((await alias(a)).FunctionVersion).toBe('1');
    const bAlias = await alias(b);
    expect(bAlias.FunctionVersion).toBe('1');
    expect(bAlias.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
    const log = await eventLines(s.c.cfn, 'pair');
    expect(log.find((l) => l.startsWith('BAliaslive UPDATE_FAILED'))).toMatch(
      /CodeDeploy deployment d-[A-Z0-9]+ was stopped/,
    );
    expect(log).toContain('AAliaslive UPDATE_COMPLETE');
    expect(log[0]).toBe('pair UPDATE_ROLLBACK_COMPLETE');
    console.log(`alarm to UPDATE_ROLLBACK_COMPLETE: ${ms.toFixed(0)} ms (wall, server at 60x)`);
  });
});

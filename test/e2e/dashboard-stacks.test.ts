import {
  CreateChangeSetCommand,
  ExecuteChangeSetCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackPageView, StacksListView } from '../../src/contracts/stack-view.js';
import { attributes, openBrowser, screenshot, signIn, type Browser } from '../support/browser.js';
import {
  cfnClients,
  outputsOf,
  settled,
  twoFunctionTemplate,
  uploadHandler,
  type StackClients,
} from '../support/cloudformation.js';
import { startTestServer, type TestServer } from '../support/server.js';

// A two-function stack created, then updated with B's canary failing on its alarm, looked at in
// the dashboard: the stacks list, and the stack with its resources, events and the update's
// deployments (A's that succeeded, B's that was stopped, and CodeDeploy's rollback of B).
let t: TestServer;
let c: StackClients;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  // 60x: B's five-minute canary takes five seconds.
  t = await startTestServer({ timeScale: 60 });
  c = cfnClients(t);
  browser = await openBrowser();
  const login = await fetch(`${t.server.url}/ui/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(t.credentials),
  });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(async () => {
  await browser?.close();
  c.destroy();
  await t.dispose();
});

async function ui<T>(path: string): Promise<T> {
  const response = await fetch(`${t.server.url}${path}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function changeSet(body: string, type: 'CREATE' | 'UPDATE'): Promise<void> {
  const cs = await c.cfn.send(
    new CreateChangeSetCommand({
      StackName: 'pair',
      ChangeSetName: `cs-${type.toLowerCase()}`,
      ChangeSetType: type,
      TemplateBody: body,
      Capabilities: ['CAPABILITY_IAM'],
    }),
  );
  await waitUntilChangeSetCreateComplete(
    { client: c.cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
    { ChangeSetName: cs.Id! },
  );
  await c.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id! }));
}

describe('the stacks pages', () => {
  it('show a rolled-back update with the deployments it started, linked to their pages', async () => {
    for (const key of ['a1', 'b1', 'a2', 'b2']) await uploadHandler(c.s3, 'code', key, key);
    await changeSet(twoFunctionTemplate('s3://code/a1', 's3://code/b1'), 'CREATE');
    await waitUntilStackCreateComplete(
      { client: c.cfn, maxWaitTime: 120, minDelay: 1, maxDelay: 1 },
      { StackName: 'pair' },
    );
    await changeSet(twoFunctionTemplate('s3://code/a2', 's3://code/b2'), 'UPDATE');
    // B's canary holds at 10%: its alarm fires.
    const b = (await outputsOf(c.cfn, 'pair')).get('B')!;
    for (let i = 0; ; i++) {
      const live = await t.lambda.send(new GetAliasCommand({ FunctionName: b, Name: 'live' }));
      if (live.RoutingConfig?.AdditionalVersionWeights?.['2']) break;
      if (i > 3000) throw new Error('the canary never started');
      await new Promise((r) => setTimeout(r, 10));
    }
    await c.cloudwatch.send(
      new SetAlarmStateCommand({
        AlarmName: 'pair-b-errors',
        StateValue: 'ALARM',
        StateReason: 'test: errors',
      }),
    );
    expect(await settled(c.cfn, 'pair')).toBe('UPDATE_ROLLBACK_COMPLETE');

    const list = await ui<StacksListView>('/ui/api/stacks');
    expect(list.stacks).toMatchObject([{ name: 'pair', status: 'UPDATE_ROLLBACK_COMPLETE' }]);
    const page = await ui<StackPageView>('/ui/api/stacks/pair');
    expect(page.operations.map((o) => [o.kind, o.status])).toEqual([
      ['UPDATE', 'UPDATE_ROLLBACK_COMPLETE'],
      ['CREATE', 'CREATE_COMPLETE'],
    ]);
    const update = page.operations[0]!;
    // A shifted all at once; B's canary was stopped, and CodeDeploy rolled it back.
    expect(update.deployments.map((d) => [d.status, d.isRollback, d.fromVersion, d.toVersion])).toEqual(
      expect.arrayContaining([
        ['Succeeded', false, '1', '2'],
        ['Stopped', false, '1', '2'],
      ]),
    );
    const stopped = update.deployments.find((d) => d.status === 'Stopped')!;
    expect(update.deployments.filter((d) => d.isRollback).length).toBeLessThanOrEqual(1);
    expect(page.operations[1]!.deployments).toEqual([]);
    expect(page.resources.map((r) => r.logicalId)).toContain('BAliaslive');
    expect(page.events[0]).toMatchObject({ logicalId: 'pair', status: 'UPDATE_ROLLBACK_COMPLETE' });
    expect(
      page.events.find((e) => e.logicalId === 'BAliaslive' && e.status === 'UPDATE_FAILED')?.reason,
    ).toMatch(/CodeDeploy deployment d-[A-Z0-9]+ was stopped/);

    // The pages themselves: the list links to the stack, the stack to each deployment's page.
    const tab = await browser.page();
    await signIn(tab, t, '/ui/stacks');
    await tab.waitForSelector('tr[data-stack="pair"]');
    expect(await attributes(tab, 'tr[data-stack] a', 'href')).toEqual(['/ui/stacks/pair']);
    await tab.goto(`${t.server.url}/ui/stacks/pair`);
    await tab.waitForSelector('table.stack-deployments');
    expect(await attributes(tab, 'table.stack-deployments a', 'href')).toContain(
      `/ui/deployments/${stopped.id}`,
    );
    expect(await tab.locator('table.stack-resources tr[data-resource]').count()).toBe(page.resources.length);
    // A failure's reason reads as sentences, not a word a line cut off beside the long status
    // badges (UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS), and the badges still read as statuses.
    const failed = tab.locator('table.stack-events tr[data-status="UPDATE_FAILED"] td.reason').first();
    expect((await failed.boundingBox())!.width).toBeGreaterThanOrEqual(240);
    const events = (await tab.locator('table.stack-events').boundingBox())!;
    const frame = (await tab.locator('.scroll:has(> table.stack-events)').boundingBox())!;
    expect(events.width).toBeLessThanOrEqual(frame.width);
    expect(await tab.locator('table.stack-events tr[data-event] .badge').first().textContent()).toBe(
      'UPDATE_ROLLBACK_COMPLETE',
    );
    await screenshot(tab, 'stack-rolled-back');
    await Promise.all([
      tab.waitForURL(`**/ui/deployments/${stopped.id}`),
      tab.click(`a[href="/ui/deployments/${stopped.id}"]`),
    ]);
    await tab.waitForSelector('h1.page-title');
    expect(browser.errors).toEqual([]);

    const missing = await fetch(`${t.server.url}/ui/api/stacks/nope`, { headers: { cookie } });
    expect(missing.status).toBe(404);
  });
});

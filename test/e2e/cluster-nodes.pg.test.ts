import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, signIn } from '../support/browser.js';
import { gradual } from '../support/cli.js';
import { signedFetch } from '../support/signed-fetch.js';
import { nodeZip, ROLE } from '../support/functions.js';
import { waitUpdated } from '../support/lambda.js';
import { startTestCluster, type TestCluster } from '../support/cluster.js';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster(3);
}, 120_000);
afterAll(async () => {
  await cluster?.dispose();
});

async function invokeOn(n: number, name: string): Promise<{ version: string; body: unknown }> {
  const out = await cluster.nodes[n]!.lambda.send(new InvokeCommand({ FunctionName: name }));
  return {
    version: out.ExecutedVersion ?? '',
    body: JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString()) as unknown,
  };
}

describe('three nodes on one PostgreSQL', () => {
  it('answers any call on any node: code uploaded through one runs on the others', async () => {
    const [a] = cluster.nodes;
    await a!.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'shared',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: await nodeZip({ v: 1 }) },
      }),
    );
    await waitUpdated(cluster.nodes[1]!.lambda, 'shared');
    expect(await invokeOn(1, 'shared')).toEqual({ version: '$LATEST', body: { v: 1 } });
    expect(await invokeOn(2, 'shared')).toEqual({ version: '$LATEST', body: { v: 1 } });
  });

  it('routes an alias change made on one node on every other node, and reads it back at once', async () => {
    const [a, b, c] = cluster.nodes;
    await a!.lambda.send(new PublishVersionCommand({ FunctionName: 'shared' }));
    await b!.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'shared', ZipFile: await nodeZip({ v: 2 }) }),
    );
    await waitUpdated(b!.lambda, 'shared');
    await b!.lambda.send(new PublishVersionCommand({ FunctionName: 'shared' }));
    await c!.lambda.send(
      new CreateAliasCommand({ FunctionName: 'shared', Name: 'live', FunctionVersion: '1' }),
    );
    // Warm on every node.
    for (const n of [0, 1, 2]) expect((await invokeOn(n, 'shared:live')).body).toEqual({ v: 1 });

    const started = performance.now();
    await a!.lambda.send(
      new UpdateAliasCommand({ FunctionName: 'shared', Name: 'live', FunctionVersion: '2' }),
    );
    // A write acknowledged by one node is read back by the next call on any node.
    const read = await c!.lambda.send(new GetAliasCommand({ FunctionName: 'shared', Name: 'live' }));
    expect(read.FunctionVersion).toBe('2');
    // And traffic follows within the propagation bound (100 ms at p99: generous here).
    for (const n of [1, 2]) {
      for (;;) {
        const out = await invokeOn(n, 'shared:live');
        if (out.version === '2') break;
        expect(performance.now() - started).toBeLessThan(1000);
      }
    }
  });

  it('lists its nodes with their heartbeats', async () => {
    const a = cluster.nodes[0]!;
    const res = await signedFetch(`${a.server.url}/_gradual/v1/nodes`, {
      credentials: a.credentials,
      service: 'gradual',
    });
    const { nodes } = (await res.json()) as { nodes: { address: string; alive: boolean; version: string }[] };
    expect(nodes.map((n) => n.address).sort()).toEqual(cluster.nodes.map((n) => n.server.url).sort());
    expect(nodes.every((n) => n.alive && n.version === '0.1.0')).toBe(true);
  });

  it('shows the nodes in `gradual status`: address, version, last heartbeat, environments running', async () => {
    const a = cluster.nodes[0]!;
    const r = await gradual(['status'], {
      AWS_ACCESS_KEY_ID: a.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: a.credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: a.server.url,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Nodes: 3 of 3 up\n  ADDRESS');
    const nodes = await cluster.nodes[0]!.server.cluster!.nodes.list();
    for (const node of cluster.nodes) {
      const id = nodes.find((n) => n.address === node.server.url)!.id;
      expect(r.stdout).toMatch(
        new RegExp(`\\n  ${node.server.url}  0\\.1\\.0 +\\d+(\\.\\d)? s ago +\\d+ +${id}\\n`),
      );
    }
    // The environments the nodes run (the function was invoked on them): not all zero.
    expect(r.stdout).toMatch(/ s ago +[1-9]/);
  });

  it('shows the nodes in the dashboard', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.page();
      await signIn(page, cluster.nodes[1]!);
      await page.waitForSelector('table.nodes tr[data-node]');
      const rows = page.locator('table.nodes tbody tr');
      expect(await rows.count()).toBe(3);
      const addresses = await page.locator('table.nodes tbody tr td:nth-child(2)').allTextContents();
      expect(addresses.sort()).toEqual(cluster.nodes.map((n) => n.server.url).sort());
      expect(await page.locator('table.nodes tr[data-alive="true"]').count()).toBe(3);
      expect(await page.textContent('.nodes-list h2')).toBe('Nodes (3 of 3 up)');
      expect(await page.locator('table.nodes td:nth-child(4)').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\d+(\.\d)? s ago$/)]),
      );
      await screenshot(page, 'cluster-nodes');
      await page.close();
    } finally {
      await browser.close();
    }
  });
});

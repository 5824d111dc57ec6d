import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExample } from '../support/examples.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * examples/seed-001-appspec/run.sh, with the AWS CLI, against a server whose clock runs 60x (its
 * hook has a 30 s Timeout on that clock: half a real second for Python to call CodeDeploy).
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ timeScale: 60 });
});
afterAll(async () => {
  await t?.dispose();
});

describe('example: seed 001, an AppSpec with a Python BeforeAllowTraffic hook', () => {
  it('deploys version 2 through the hook and a linear shift', async () => {
    const { code, output } = await runExample('seed-001-appspec', t);
    expect(code, output).toBe(0);
    expect(output).toMatch(/== Deploy appspec.yml\ndeployment d-\w{9}\n/);
    expect(output).toMatch(/BeforeAllowTraffic\tSucceeded\nAllowTraffic\tSucceeded\n/);
    expect(output).toContain(
      'myfunc:myalias now runs version 2: {"statusCode": 200, "body": "\\"Hello from Lambda! Version 2\\""}',
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExample } from '../support/examples.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * examples/seed-003-stepfunctions/run.sh, with the AWS CLI and Python functions using boto3,
 * against a server whose clock runs 100x: each 60-second Wait takes 0.6 s.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ timeScale: 100 });
});
afterAll(async () => {
  await t?.dispose();
});

describe('example: seed 003, the deployment workflow as a Step Functions state machine', () => {
  it('shifts a healthy version to 100% (SUCCEEDED), rolls a broken one back (FAILED)', async () => {
    const { code, output } = await runExample('seed-003-stepfunctions', t, {
      STEPS: '4',
      INTERVAL: '60',
      RATE: '20',
    });
    expect(code, output).toBe(0);
    const [healthy, broken] = output.split('== Deploy version 3');
    expect(healthy).toContain('"status": "SUCCEEDED"');
    expect(healthy).toContain('Weights UpdateWeight set: 0.25 0.5 0.75 1\n');
    expect(healthy).toContain(
      '"output": "{\\"function-name\\":\\"MyFunction\\",\\"alias-name\\":\\"MyAlias\\",\\"version\\":\\"2\\"}"',
    );
    expect(healthy).toMatch(/\tExecutionSucceeded\t\n\d+\tTaskStateExited\tFinalize\n/);
    expect(broken).toContain('"status": "FAILED"');
    expect(broken).toContain('"error": "HealthCheck returned FAILED"');
    expect(broken).toContain('"cause": "Function deployment failed"');
    expect(broken).toMatch(
      /\tExecutionFailed\t\n\d+\tFailStateEntered\tFail\n\d+\tTaskStateExited\tRollback\n/,
    );
    expect(output).toContain('MyAlias: version and routing: 2\tNone');
    expect(output).toMatch(/Alarm updated from (OK|INSUFFICIENT_DATA) to ALARM/);
    // About forty AWS CLI runs, each a Python process: minutes on a loaded 2-core machine.
  }, 300_000);
});

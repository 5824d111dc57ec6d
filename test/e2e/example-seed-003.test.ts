import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExample } from '../support/examples.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * examples/seed-003-shift/run.sh (compile first: npx tsc -p tsconfig.build.json), against a server
 * whose clock runs 100x: a one-minute step takes 0.6 s, long enough for the traffic to reach the
 * broken version.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ timeScale: 100 });
});
afterAll(async () => {
  await t?.dispose();
});

describe('example: seed 003, the simple deploy workflow with gradual shift', () => {
  it('shifts to a healthy version, and rolls a broken one back on its errors', async () => {
    const { code, output } = await runExample('seed-003-shift', t, {
      STEPS: '5',
      INTERVAL: '60',
      RATE: '30',
    });
    expect(code, output).toBe(0);
    expect(output).toContain('Total time to 100%: 4m 00s');
    expect(output).toContain('created: Created with an explicit schedule (gradualOptions).');
    expect(output).toMatch(
      /MyFunction:MyAlias d-\w{9} succeeded: All traffic is on the new version\.\nDone: all traffic on version 2\./,
    );
    // "OK -> ALARM", or just "ALARM" when the view's first look at the alarm finds it already firing.
    // The view polls alarms and events apart: a step's end and the next step, at the same virtual
    // moment, may print between the alarm's change and the stop (seen at 60x and, in a loaded
    // run, at 100x).
    expect(output).toMatch(
      /alarm gradual-shift-MyFunction-MyAlias-errors: (\w+ -> )?ALARM\n(MyFunction:MyAlias d-\w{9} (advance|shifted): .*\n)*MyFunction:MyAlias d-\w{9} stopped: One or more alarms/,
    );
    expect(output).toContain('Rolled back, as it should be.');
    expect(output).toMatch(/MyFunction\s+nodejs20.x\s+MyAlias\s+v2 100%/);
    expect(output).toContain('MyAlias: version and routing: 2\tNone');
  });
});

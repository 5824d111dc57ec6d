import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, VirtualClock } from '../../src/common/clock.js';
import {
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  functionWithVersions,
} from '../support/codedeploy.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
let cd: CodeDeployClient;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  cd = codeDeployClient(t);
});
afterAll(async () => {
  cd.destroy();
  await t.dispose();
});

const gradual = (path: string, init: { method?: string; body?: string } = {}): Promise<Response> =>
  signedFetch(`${t.server.url}/_gradual/v1/${path}`, {
    ...init,
    credentials: t.credentials,
    service: 'gradual',
  });

interface View {
  status: string;
  gradual: { targetWeight: number; decisionLog: { event: string; weight?: number; reason: string }[] };
}

async function* events(response: Response): AsyncGenerator<View> {
  const reader = response.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += Buffer.from(value).toString();
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const chunk = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = chunk.split('\n').find((l) => l.startsWith('data:'));
      if (data) yield JSON.parse(data.slice(5)) as View;
    }
  }
}

describe("gradual's deployment extensions", () => {
  it('streams a deployment live and explains every decision', async () => {
    await functionWithVersions(t.lambda, 'watched');
    await createGroup(cd, 'app', 'g', {
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    });
    const id = await deploy(cd, 'app', 'g', appSpec('watched', '1', '2'));
    const stream = await gradual(`deployments/${id}/events`);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const seen: [string, number][] = [];
    const reading = (async () => {
      for await (const view of events(stream)) seen.push([view.status, view.gradual.targetWeight]);
    })();
    await t.server.engine.idle();
    await clock.advance(5 * MINUTE);
    await t.server.engine.idle();
    await reading;
    expect(seen[0]?.[0]).toMatch(/Created|InProgress/);
    expect(seen).toContainEqual(['InProgress', 10]);
    expect(seen.at(-1)).toEqual(['Succeeded', 100]);

    const view = (await (await gradual(`deployments/${id}`)).json()) as { deployment: View };
    const log = view.deployment.gradual.decisionLog;
    expect(log.map((e) => e.event)).toEqual([
      'created',
      'started',
      'shifted',
      'advance',
      'shifted',
      'succeeded',
    ]);
    expect(log.find((e) => e.event === 'shifted')?.reason).toBe(
      'Step 1 of 2: 10% of traffic on version 2, held 5 min.',
    );

    const unsigned = await fetch(`${t.server.url}/_gradual/v1/deployments/${id}`);
    expect(unsigned.status).toBe(403);
    const missing = await gradual('deployments/d-NOPE00000');
    expect(missing.status).toBe(400);
  });

  it('previews a plan: steps, total time and worst-case exposure', async () => {
    const response = await gradual('plan', {
      method: 'POST',
      body: JSON.stringify({
        deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
        requestsPerSecond: 20,
      }),
    });
    const { plan } = (await response.json()) as {
      plan: { shiftMs: number; steps: unknown[]; worstCaseExposure: { requests: number } };
    };
    expect(plan.shiftMs).toBe(9 * MINUTE);
    expect(plan.steps).toHaveLength(10);
    expect(plan.worstCaseExposure.requests).toBe(5400);
    const custom = await gradual('plan', {
      method: 'POST',
      body: JSON.stringify({
        requestsPerSecond: 1,
        gradualOptions: {
          steps: [
            { weight: 1, holdSeconds: 60 },
            { weight: 5, holdSeconds: 60 },
          ],
        },
      }),
    });
    expect(
      ((await custom.json()) as { plan: { steps: { weight: number }[] } }).plan.steps.map((s) => s.weight),
    ).toEqual([1, 5, 100]);
  });
});

import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.js';

describe('dashboard streams and shutdown', () => {
  it('an open dashboard does not hold the server open: its streams end when the server stops', async () => {
    const t = await startTestServer({ auth: 'off' });
    const session = await fetch(`${t.server.url}/ui/api/session`);
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const stream = await fetch(`${t.server.url}/ui/api/overview/events`, { headers: { cookie } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    const first = Buffer.from((await reader.read()).value as Uint8Array).toString();
    expect(first).toMatch(/^event: overview\ndata: \{"now":/);
    expect(t.server.dashboard.openStreams()).toBe(1);
    const started = performance.now();
    await t.dispose();
    // Well inside the five-second grace period a plain open connection would cost.
    expect(performance.now() - started).toBeLessThan(2000);
    for (;;) if ((await reader.read()).done) break;
  });
});

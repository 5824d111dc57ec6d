import type { InvokeCommand, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/clock.js';
import { DemoTraffic, trafficWindowLine, type Invoker } from './demo-traffic.js';

/** A Lambda that runs whichever version the test says the alias is on, as a server would. */
function fakeLambda(): Invoker & { version: string; failing: boolean } {
  const lambda = {
    version: '1',
    failing: false,
    send: (command: InvokeCommand): Promise<InvokeCommandOutput> => {
      expect(command.input.Qualifier).toBe('live');
      return Promise.resolve({
        $metadata: {},
        StatusCode: 200,
        ExecutedVersion: lambda.version,
        ...(lambda.failing ? { FunctionError: 'Unhandled' } : {}),
      });
    },
  };
  return lambda;
}

const calls = (window: ReturnType<DemoTraffic['take']>, version: string): number =>
  window.counts.get('hello-HelloNode')?.byVersion.get(version)?.calls ?? 0;

describe('DemoTraffic windows', () => {
  it('counts only the calls since the last take, over the window it reports', async () => {
    const clock = new VirtualClock();
    const lambda = fakeLambda();
    const traffic = new DemoTraffic(lambda, clock, [{ functionName: 'hello-HelloNode', alias: 'live' }]);
    traffic.start();
    await clock.advance(950);
    lambda.version = '2';
    await clock.advance(1000);
    const first = traffic.take();
    expect(first.ms).toBe(1950);
    expect(calls(first, '1')).toBe(10);
    expect(calls(first, '2')).toBe(10);

    // Closed early (as the demo does before each deploy): the next window has none of the above.
    await clock.advance(300);
    lambda.version = '3';
    lambda.failing = true;
    await clock.advance(200);
    const second = traffic.take();
    expect(second.ms).toBe(500);
    expect(calls(second, '1')).toBe(0);
    expect(calls(second, '2')).toBe(3);
    expect(calls(second, '3')).toBe(2);
    expect(trafficWindowLine(second)).toBe('traffic/0.5s  hello-HelloNode: v2 3  v3 2 (2 failed)');

    const stopping = traffic.stop();
    await clock.advance(100);
    await stopping;
    expect(traffic.total('hello-HelloNode').byVersion.get('1')?.calls).toBe(10);
  });

  it('has no line for a window without calls', () => {
    expect(trafficWindowLine({ ms: 2000, counts: new Map() })).toBeUndefined();
  });

  it('lists functions by name, versions by number', () => {
    const counts = (entries: [string, number][]) => ({
      byVersion: new Map(entries.map(([v, n]) => [v, { calls: n, errors: 0 }])),
    });
    const line = trafficWindowLine({
      ms: 2000,
      counts: new Map([
        ['hello-HelloPython', counts([['2', 20]])],
        [
          'hello-HelloNode',
          counts([
            ['10', 1],
            ['9', 19],
          ]),
        ],
      ]),
    });
    expect(line).toBe('traffic/2.0s  hello-HelloNode: v9 19  v10 1  |  hello-HelloPython: v2 20');
  });
});

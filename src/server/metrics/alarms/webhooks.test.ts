import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../../common/clock.js';
import { silentLog } from '../../../common/log.js';
import type { AlarmStateChange } from './alarm-events.js';
import type { AlarmHistoryItem, AlarmRecord } from './alarm-model.js';
import { WebhookNotifier } from './webhooks.js';

let server: Server;
let base: string;
const received: { path: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/hang') return; // never answers
      received.push({ path: req.url ?? '', body: JSON.parse(body) as Record<string, unknown> });
      res.statusCode = req.url === '/broken' ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function change(actions: string[], actionsEnabled = true): AlarmStateChange {
  const alarm: AlarmRecord = {
    arn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:a',
    configUpdatedAt: 0,
    config: {
      name: 'a',
      actionsEnabled,
      okActions: [`${base}/ok`],
      alarmActions: actions,
      insufficientDataActions: [],
      metric: {
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: [{ name: 'FunctionName', value: 'f' }],
      },
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      tags: [],
    },
    state: { value: 'ALARM', reason: 'r', updatedAt: 1000, transitionedAt: 1000 },
  };
  return {
    alarmName: 'a',
    alarmArn: alarm.arn,
    previous: { value: 'OK', reason: 'before', timestamp: 0 },
    current: { value: 'ALARM', reason: 'Threshold Crossed: ...', timestamp: 1000 },
    cause: 'evaluation',
    alarm,
  };
}

// A generous timeout where a webhook answers (a loaded machine can take hundreds of milliseconds),
// a short one where the test waits it out.
function notifier(history: AlarmHistoryItem[], timeoutMs = 5000): WebhookNotifier {
  return new WebhookNotifier(
    { wallClock: realClock(), log: silentLog, record: (item) => Promise.resolve(void history.push(item)) },
    { timeoutMs, region: 'us-east-1', accountId: '000000000000' },
  );
}

describe('alarm webhooks', () => {
  it('POSTs the notification to the actions of the new state and records the outcome', async () => {
    const history: AlarmHistoryItem[] = [];
    const n = notifier(history);
    n.onStateChange(change([`${base}/alarm`, 'arn:aws:sns:us-east-1:000000000000:topic']));
    await n.idle();
    expect(received.map((r) => r.path)).toEqual(['/alarm']);
    expect(received[0]!.body).toMatchObject({
      AlarmName: 'a',
      NewStateValue: 'ALARM',
      OldStateValue: 'OK',
      Trigger: {
        MetricName: 'Errors',
        Statistic: 'SUM',
        StatisticType: 'Statistic',
        Dimensions: [{ name: 'FunctionName', value: 'f' }],
      },
    });
    expect(history.map((h) => [h.type, h.summary])).toEqual([
      ['Action', `Successfully executed action ${base}/alarm`],
    ]);
  });

  it('a failing or hanging webhook is recorded as failed and holds nothing up', async () => {
    const history: AlarmHistoryItem[] = [];
    const n = notifier(history, 300);
    const started = performance.now();
    n.onStateChange(change([`${base}/broken`, `${base}/hang`]));
    expect(performance.now() - started).toBeLessThan(50); // the listener returns at once
    await n.idle();
    expect(history.map((h) => h.summary).sort()).toEqual([
      `Failed to execute action ${base}/broken. Received error: "HTTP 500"`,
      `Failed to execute action ${base}/hang. Received error: "timed out after 300 ms"`,
    ]);
  });

  it('does nothing while actions are disabled', async () => {
    const history: AlarmHistoryItem[] = [];
    const n = notifier(history);
    const before = received.length;
    n.onStateChange(change([`${base}/alarm`], false));
    await n.idle();
    expect(received.length).toBe(before);
    expect(history).toEqual([]);
  });
});

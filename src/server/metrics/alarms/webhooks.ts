import type { Clock } from '../../../common/clock.js';
import type { Log } from '../../../common/log.js';
import type { AlarmStateChange } from './alarm-events.js';
import type { AlarmHistoryItem } from './alarm-model.js';
import { isWebhookAction } from './alarm-rules.js';
import { reasonDataDate } from './reason.js';

export interface WebhookDeps {
  /** Wall-clock time for the request timeout, even when the platform runs on a scaled clock. */
  wallClock: Clock;
  log: Log;
  /** Where call outcomes go: the alarm's history. */
  record(item: AlarmHistoryItem): Promise<void>;
  /** The HTTP client; the global fetch by default. */
  fetch?: typeof fetch;
}

export interface WebhookOptions {
  timeoutMs: number;
  region: string;
  accountId: string;
}

const STATISTIC_NAMES: Record<string, string> = {
  SampleCount: 'SAMPLE_COUNT',
  Average: 'AVERAGE',
  Sum: 'SUM',
  Minimum: 'MINIMUM',
  Maximum: 'MAXIMUM',
};

/** The JSON CloudWatch publishes to SNS on a state change [V-AWS], POSTed as is. */
export function notificationBody(change: AlarmStateChange, options: WebhookOptions): string {
  const c = change.alarm.config;
  return JSON.stringify({
    AlarmName: c.name,
    AlarmDescription: c.description ?? null,
    AWSAccountId: options.accountId,
    AlarmConfigurationUpdatedTimestamp: reasonDataDate(change.alarm.configUpdatedAt),
    NewStateValue: change.current.value,
    NewStateReason: change.current.reason,
    StateChangeTime: reasonDataDate(change.current.timestamp),
    Region: options.region,
    AlarmArn: change.alarmArn,
    OldStateValue: change.previous.value,
    OKActions: c.okActions,
    AlarmActions: c.alarmActions,
    InsufficientDataActions: c.insufficientDataActions,
    Trigger: {
      MetricName: c.metric.metricName,
      Namespace: c.metric.namespace,
      StatisticType: c.statistic ? 'Statistic' : 'ExtendedStatistic',
      Statistic: c.statistic ? STATISTIC_NAMES[c.statistic] : c.extendedStatistic,
      Unit: c.unit ?? null,
      Dimensions: c.metric.dimensions.map((d) => ({ value: d.value, name: d.name })),
      Period: c.period,
      EvaluationPeriods: c.evaluationPeriods,
      DatapointsToAlarm: c.datapointsToAlarm ?? c.evaluationPeriods,
      ComparisonOperator: c.comparisonOperator,
      Threshold: c.threshold,
      TreatMissingData: c.treatMissingData ?? '',
      EvaluateLowSampleCountPercentile: c.evaluateLowSampleCountPercentile ?? '',
    },
  });
}

/**
 * Alarm actions that are http(s) URLs: on each state transition, POST the notification to the
 * actions of the new state, if the alarm's actions are enabled. Calls run in the background with
 * a timeout, so a slow or failing webhook never holds up evaluation; each outcome is recorded as
 * an `Action` history item.
 */
export class WebhookNotifier {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: WebhookDeps,
    private readonly options: WebhookOptions,
  ) {}

  /** The event-bus listener. */
  readonly onStateChange = (change: AlarmStateChange): void => {
    const config = change.alarm.config;
    if (!config.actionsEnabled) return;
    const actions =
      change.current.value === 'ALARM'
        ? config.alarmActions
        : change.current.value === 'OK'
          ? config.okActions
          : config.insufficientDataActions;
    const body = notificationBody(change, this.options);
    for (const url of actions.filter(isWebhookAction)) {
      const call = this.call(change, url, body).finally(() => this.inFlight.delete(call));
      this.inFlight.add(call);
    }
  };

  /** Resolves when every call started so far has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async call(change: AlarmStateChange, url: string, body: string): Promise<void> {
    const controller = new AbortController();
    const timer = this.deps.wallClock.setTimer(this.options.timeoutMs, () => controller.abort());
    let error: string | undefined;
    try {
      const response = await (this.deps.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'gradual-alarm-webhook' },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (e) {
      error = controller.signal.aborted ? `timed out after ${this.options.timeoutMs} ms` : describeError(e);
    } finally {
      timer.cancel();
    }
    if (error) this.deps.log.warn('alarm webhook failed', { alarm: change.alarmName, url, error });
    const item: AlarmHistoryItem = {
      alarmName: change.alarmName,
      timestamp: change.current.timestamp,
      type: 'Action',
      summary: (error
        ? `Failed to execute action ${url}. Received error: "${error}"`
        : `Successfully executed action ${url}`
      ).slice(0, 255),
      data: JSON.stringify({
        actionState: error ? 'Failed' : 'Succeeded',
        stateUpdateTimestamp: change.current.timestamp,
        notificationResource: url,
        ...(error ? { error } : {}),
      }),
    };
    await this.deps.record(item).catch((e: unknown) =>
      this.deps.log.error('recording an alarm action failed', {
        alarm: change.alarmName,
        error: String(e),
      }),
    );
  }
}

/** `fetch failed (ECONNREFUSED)`: fetch hides the network cause one level down. */
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${e.message} (${detail})` : e.message;
}

import { InvalidParameterCombination, InvalidParameterValue } from '../../metrics/errors.js';

const DAY_S = 86_400;

/** Periods a metric query accepts: high resolution (1, 5, 10, 20, 30) or a multiple of 60. */
export function checkQueryPeriod(period: number, member: string): void {
  if ([1, 5, 10, 20, 30].includes(period) || period % 60 === 0) return;
  throw new InvalidParameterValue(`The parameter ${member} must be 1, 5, 10, 20, 30, or a multiple of 60.`);
}

export function checkTimeRange(startMs: number, endMs: number): void {
  if (startMs >= endMs) {
    // [V-AWS]
    throw new InvalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
  }
}

/**
 * Where the first period starts, in seconds. CloudWatch rounds StartTime down: to the period for
 * high-resolution periods, else to the minute, to 5 minutes past 15 days, to the hour past 63 days.
 */
export function alignStart(startMs: number, period: number, nowMs: number): number {
  const start = Math.floor(startMs / 1000);
  const age = nowMs / 1000 - start;
  const unit = period < 60 ? period : age > 63 * DAY_S ? 3600 : age > 15 * DAY_S ? 300 : 60;
  return start - (((start % unit) + unit) % unit);
}

/** GetMetricStatistics returns at most 1,440 datapoints [V-AWS]. */
export function checkDatapointLimit(startMs: number, endMs: number, period: number): void {
  const requested = Math.ceil((endMs - startMs) / 1000 / period);
  if (requested > 1440) {
    throw new InvalidParameterCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
}

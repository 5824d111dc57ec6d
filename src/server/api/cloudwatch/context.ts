import type { Clock } from '../../../common/clock.js';
import type { AlarmService } from '../../metrics/alarms/alarm-service.js';
import type { MetricService } from '../../metrics/metric-service.js';
import { InvalidNextToken } from '../../metrics/errors.js';

/** What the CloudWatch operations work with. */
export interface CloudWatchContext {
  metrics: MetricService;
  alarms: AlarmService;
  clock: Clock;
}

/** Paging tokens are opaque to clients: base64url of a cursor. */
export function encodeToken(cursor: unknown): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeToken<T>(token: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (token === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through
  }
  throw new InvalidNextToken('The service couldn\u2019t process the next token.');
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

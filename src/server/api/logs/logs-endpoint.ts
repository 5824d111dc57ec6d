import { z } from 'zod';
import { errorType } from '../../../common/errors.js';
import type { FileLogStore } from '../../invoke/log-store.js';
import type { LogEvent } from '../../invoke/logs/log-types.js';
import { RETENTION_DAYS } from '../../invoke/logs/segment-rules.js';
import type { Account } from '../../functions/names.js';
import type { RpcEndpoint } from '../endpoint.js';
import { operation, type Operation } from '../operation.js';
import { rpcEndpoint, type RpcService } from '../rpc-service.js';
import { invalidInput } from '../validation.js';

class ResourceNotFoundException extends errorType('ResourceNotFoundException', 400) {}
class InvalidParameterException extends errorType('InvalidParameterException', 400) {}
const NO_GROUP = 'The specified log group does not exist.';

const filterBody = z.object({
  logGroupName: z.string().optional(),
  logGroupIdentifier: z.string().optional(),
  logStreamNames: z.array(z.string()).optional(),
  logStreamNamePrefix: z.string().optional(),
  startTime: z.number().optional(),
  endTime: z.number().optional(),
  filterPattern: z.string().optional(),
  limit: z.number().int().min(1).max(10000).optional(),
  nextToken: z.string().optional(),
});

const getBody = z.object({
  logGroupName: z.string().optional(),
  logGroupIdentifier: z.string().optional(),
  logStreamName: z.string(),
  startTime: z.number().optional(),
  endTime: z.number().optional(),
  limit: z.number().int().min(1).max(10000).optional(),
  nextToken: z.string().optional(),
  startFromHead: z.boolean().optional(),
});

const groupsBody = z.object({ logGroupNamePrefix: z.string().optional(), limit: z.number().optional() });
const retentionBody = z.object({ logGroupName: z.string(), retentionInDays: z.number().int() });
const groupBody = z.object({ logGroupName: z.string() });
const streamsBody = z.object({
  logGroupName: z.string().optional(),
  logGroupIdentifier: z.string().optional(),
});

/** Terms of a filter pattern, all of which a message must contain (quoted phrases kept whole). */
export function matchesPattern(message: string, pattern: string | undefined): boolean {
  if (!pattern?.trim()) return true;
  const terms = [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
  return terms.every((term) => message.includes(term));
}

function groupName(body: {
  logGroupName?: string | undefined;
  logGroupIdentifier?: string | undefined;
}): string {
  const id = body.logGroupName ?? body.logGroupIdentifier ?? '';
  // An ARN identifier: arn:aws:logs:<region>:<account>:log-group:<name>[:*]
  const arn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(id);
  return arn ? arn[1]! : id;
}

const page = (offset: number): string => Buffer.from(String(offset)).toString('base64url');
const offsetOf = (token: string | undefined): number =>
  token ? Number(Buffer.from(token, 'base64url').toString()) || 0 : 0;

type LogsDeps = { logs: FileLogStore; account: Account };

const groupArn = (deps: LogsDeps, name: string): string =>
  `arn:aws:logs:${deps.account.region}:${deps.account.accountId}:log-group:${name}:*`;

async function events(
  deps: LogsDeps,
  group: string,
  filter: Parameters<FileLogStore['events']>[1],
): Promise<LogEvent[]> {
  const found = await deps.logs.events(group, filter);
  if (!found) throw new ResourceNotFoundException(NO_GROUP);
  return found;
}

export const LOGS_OPERATIONS: readonly Operation<LogsDeps>[] = [
  operation(
    'FilterLogEvents',
    () => filterBody,
    async (body, deps: LogsDeps) => {
      const all = (
        await events(deps, groupName(body), {
          ...(body.logStreamNames ? { streams: body.logStreamNames } : {}),
          ...(body.startTime !== undefined ? { start: body.startTime } : {}),
          ...(body.endTime !== undefined ? { end: body.endTime } : {}),
        })
      ).filter(
        (e) =>
          (!body.logStreamNamePrefix || e.stream.startsWith(body.logStreamNamePrefix)) &&
          matchesPattern(e.message, body.filterPattern),
      );
      const from = offsetOf(body.nextToken);
      const limit = body.limit ?? 10000;
      const slice = all.slice(from, from + limit);
      return {
        events: slice.map((e) => ({
          logStreamName: e.stream,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.timestamp,
          eventId: e.id,
        })),
        searchedLogStreams: [],
        ...(from + limit < all.length ? { nextToken: page(from + limit) } : {}),
      };
    },
  ),
  operation(
    'GetLogEvents',
    () => getBody,
    async (body, deps: LogsDeps) => {
      const all = await events(deps, groupName(body), {
        streams: [body.logStreamName],
        ...(body.startTime !== undefined ? { start: body.startTime } : {}),
        ...(body.endTime !== undefined ? { end: body.endTime } : {}),
      });
      const from = offsetOf(body.nextToken);
      const slice = all.slice(from, from + (body.limit ?? 10000));
      return {
        events: slice.map((e) => ({
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.timestamp,
        })),
        nextForwardToken: page(from + slice.length),
        nextBackwardToken: page(from),
      };
    },
  ),
  operation(
    'DescribeLogGroups',
    () => groupsBody,
    async (body, deps: LogsDeps) => {
      const groups = await deps.logs.describe(body.logGroupNamePrefix ?? '');
      return {
        logGroups: groups.map((g) => ({
          logGroupName: g.name,
          creationTime: g.createdAt,
          ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
          metricFilterCount: 0,
          arn: groupArn(deps, g.name),
          storedBytes: g.storedBytes,
          logGroupClass: 'STANDARD',
          logGroupArn: groupArn(deps, g.name).slice(0, -2),
        })),
      };
    },
  ),
  operation(
    'PutRetentionPolicy',
    () => retentionBody,
    async (body, deps: LogsDeps) => {
      if (!(RETENTION_DAYS as readonly number[]).includes(body.retentionInDays)) {
        throw new InvalidParameterException(
          `1 validation error detected: Value '${body.retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
        );
      }
      if (!(await deps.logs.putRetention(body.logGroupName, body.retentionInDays)))
        throw new ResourceNotFoundException(NO_GROUP);
      return undefined;
    },
  ),
  operation(
    'DeleteRetentionPolicy',
    () => groupBody,
    async (body, deps: LogsDeps) => {
      if (!(await deps.logs.putRetention(body.logGroupName, undefined)))
        throw new ResourceNotFoundException(NO_GROUP);
      return undefined;
    },
  ),
  operation(
    'DeleteLogGroup',
    () => groupBody,
    async (body, deps: LogsDeps) => {
      if (!(await deps.logs.deleteGroup(body.logGroupName))) throw new ResourceNotFoundException(NO_GROUP);
      return undefined;
    },
  ),
  operation(
    'DescribeLogStreams',
    () => streamsBody,
    async (body, deps: LogsDeps) => {
      const streams = new Map<string, { first: number; last: number }>();
      for (const e of await events(deps, groupName(body), {})) {
        const s = streams.get(e.stream) ?? { first: e.timestamp, last: e.timestamp };
        s.last = Math.max(s.last, e.timestamp);
        streams.set(e.stream, s);
      }
      return {
        logStreams: [...streams.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([logStreamName, s]) => ({
            logStreamName,
            creationTime: s.first,
            firstEventTimestamp: s.first,
            lastEventTimestamp: s.last,
            lastIngestionTime: s.last,
            arn: `${groupArn(deps, groupName(body)).slice(0, -2)}:log-stream:${logStreamName}`,
          })),
      };
    },
  ),
];

/**
 * A CloudWatch Logs subset (AWS JSON 1.1, `X-Amz-Target: Logs_20140328.<Op>`) over the function
 * logs gradual keeps: enough for `aws logs filter-log-events`, `aws logs tail` and `gradual logs`,
 * plus retention (`put-retention-policy`) and `delete-log-group` to keep the data dir in check.
 */
export const logsService: RpcService<LogsDeps> = {
  signingName: 'logs',
  title: 'CloudWatch Logs',
  actionPrefix: 'logs',
  protocols: [{ kind: 'json', version: '1.1', targetPrefix: 'Logs_20140328.' }],
  operations: LOGS_OPERATIONS,
  invalid: (error, input) => invalidInput(error, input),
};

export function logsEndpoint(deps: LogsDeps): RpcEndpoint {
  return rpcEndpoint(logsService, deps);
}

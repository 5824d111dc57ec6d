import { arnRef, ANY, str, type Account, type Check } from './model.js';

/**
 * CloudWatch Logs authorizes reads of a group against `log-group:<name>` and of one stream
 * against `log-group:<name>:log-stream:<stream>` (CloudWatch Logs permissions reference), so
 * AWSLambda_FullAccess's `log-group:/aws/lambda/*` covers every function's logs.
 */
type Input = Readonly<Record<string, unknown>>;

function groupName(input: Input): string {
  const id = str(input, 'logGroupName') ?? str(input, 'logGroupIdentifier') ?? '';
  const arn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(id);
  return arn?.[1] ?? id;
}

export function logsChecks(account: Account, operation: string, input: Input): Check[] {
  const action = `logs:${operation}`;
  const group = `arn:aws:logs:${account.region}:${account.accountId}:log-group:${groupName(input)}`;
  switch (operation) {
    case 'FilterLogEvents':
    case 'DescribeLogStreams':
      return [{ action, resource: arnRef(group) }];
    case 'GetLogEvents':
      return [{ action, resource: arnRef(`${group}:log-stream:${str(input, 'logStreamName') ?? ''}`) }];
    default:
      return [{ action, resource: ANY }];
  }
}

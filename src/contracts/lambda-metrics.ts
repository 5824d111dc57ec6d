/** Facts of Lambda's CloudWatch metrics, as every client reads them. */

/** The namespace Lambda's own metrics are published in. */
export const LAMBDA_NAMESPACE = 'AWS/Lambda';

export const LambdaMetric = {
  Invocations: 'Invocations',
  Errors: 'Errors',
  Throttles: 'Throttles',
  Duration: 'Duration',
  ConcurrentExecutions: 'ConcurrentExecutions',
  AsyncEventsReceived: 'AsyncEventsReceived',
} as const;

/** Alias names never consist of digits only, and `$LATEST` is a version. */
export function isAliasQualifier(qualifier: string | undefined): qualifier is string {
  return qualifier !== undefined && qualifier !== '$LATEST' && !/^\d+$/.test(qualifier);
}

/** The `Resource` dimension: `fn` unqualified, `fn:version` or `fn:alias`. */
export function resourceOf(functionName: string, qualifier: string | undefined): string {
  return qualifier === undefined ? functionName : `${functionName}:${qualifier}`;
}

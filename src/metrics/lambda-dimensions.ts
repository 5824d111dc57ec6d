import type { Dimension } from './metric-key.js';

/** The namespace Lambda's own metrics are published in (spec §3.2). */
export const LAMBDA_NAMESPACE = 'AWS/Lambda';

export const LambdaMetric = {
  Invocations: 'Invocations',
  Errors: 'Errors',
  Throttles: 'Throttles',
  Duration: 'Duration',
  ConcurrentExecutions: 'ConcurrentExecutions',
  AsyncEventsReceived: 'AsyncEventsReceived',
} as const;

/** Alias names never consist of digits only, and `$LATEST` is a version (spec §1.1). */
export function isAliasQualifier(qualifier: string | undefined): qualifier is string {
  return qualifier !== undefined && qualifier !== '$LATEST' && !/^\d+$/.test(qualifier);
}

/** The `Resource` dimension: `fn` unqualified, `fn:version` or `fn:alias` (spec §3.2). */
export function resourceOf(functionName: string, qualifier: string | undefined): string {
  return qualifier === undefined ? functionName : `${functionName}:${qualifier}`;
}

export interface LambdaDimensionSets {
  /** `[]` */
  account: Dimension[];
  /** `[FunctionName]` */
  fn: Dimension[];
  /** `[FunctionName, Resource]` */
  resource: Dimension[];
  /** `[FunctionName, Resource, ExecutedVersion]`, for alias invocations only. */
  executedVersion: Dimension[] | undefined;
}

/** Every dimension set an invocation's datapoints are published under (spec §3.2). */
export function lambdaDimensionSets(
  functionName: string,
  qualifier: string | undefined,
  executedVersion: string,
): LambdaDimensionSets {
  const fn = [{ name: 'FunctionName', value: functionName }];
  const resource = [...fn, { name: 'Resource', value: resourceOf(functionName, qualifier) }];
  return {
    account: [],
    fn,
    resource,
    executedVersion: isAliasQualifier(qualifier)
      ? [...resource, { name: 'ExecutedVersion', value: executedVersion }]
      : undefined,
  };
}

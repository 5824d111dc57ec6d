import { isAliasQualifier, resourceOf } from '../../contracts/lambda-metrics.js';
import type { Dimension } from './metric-key.js';

export {
  isAliasQualifier,
  LAMBDA_NAMESPACE,
  LambdaMetric,
  resourceOf,
} from '../../contracts/lambda-metrics.js';

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

/** Every dimension set an invocation's datapoints are published under (Lambda Developer Guide, Lambda function metrics). */
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

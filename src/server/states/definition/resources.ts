/**
 * The Task resources gradual runs: a Lambda function ARN (the original form, optionally with a
 * version or alias), and the optimized integration `arn:aws:states:::lambda:invoke`, also with
 * `.waitForTaskToken` (Invoke Lambda with Step Functions).
 */
export type TaskResource =
  | { kind: 'lambda-arn'; arn: string; functionName: string; qualifier: string | undefined }
  | { kind: 'lambda-invoke'; waitForTaskToken: boolean };

const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]+))?$/;
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke(\.waitForTaskToken)?$/;
const OTHER_INTEGRATION = /^arn:aws[a-z-]*:states:::[a-z0-9-]+:[A-Za-z0-9.:]+$/;

export type ResourceProblem = 'unrecognized' | 'unsupported';

export function parseResource(resource: string): TaskResource | ResourceProblem {
  const lambda = LAMBDA_ARN.exec(resource);
  if (lambda) {
    const qualifier = lambda[2];
    const arn = qualifier ? resource.slice(0, -(qualifier.length + 1)) : resource;
    return { kind: 'lambda-arn', arn: resource, functionName: arn, qualifier };
  }
  const invoke = LAMBDA_INVOKE.exec(resource);
  if (invoke) return { kind: 'lambda-invoke', waitForTaskToken: invoke[1] !== undefined };
  if (
    OTHER_INTEGRATION.test(resource) ||
    /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:/.test(resource)
  ) {
    return 'unsupported';
  }
  return 'unrecognized';
}

/** The fields of `arn:aws:states:::lambda:invoke`'s Parameters (the Lambda Invoke API's request). */
export const LAMBDA_INVOKE_PARAMETERS = [
  'FunctionName',
  'Payload',
  'Qualifier',
  'InvocationType',
  'ClientContext',
  'LogType',
];

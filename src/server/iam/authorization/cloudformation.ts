import { arnRef, ANY, str, type Account, type Check } from './model.js';

/**
 * CloudFormation authorizes stack operations on the stack ("Actions, resources, and condition
 * keys for AWS CloudFormation": `stack/<name>/<id>`), named by ARN or by name (any id); the
 * account-wide ones (ListStacks, ValidateTemplate, ListExports, ...) on `*`.
 */
export function cloudFormationChecks(
  account: Account,
  operation: string,
  input: Readonly<Record<string, unknown>>,
): Check[] {
  const action = `cloudformation:${operation}`;
  const stack = str(input, 'StackName');
  if (stack === undefined || stack === '') return [{ action, resource: ANY }];
  const arn = stack.startsWith('arn:')
    ? stack
    : `arn:aws:cloudformation:${account.region}:${account.accountId}:stack/${stack}/*`;
  return [{ action, resource: arnRef(arn) }];
}

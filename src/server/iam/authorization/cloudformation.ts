import { arnRef, ANY, str, type Account, type Check } from './model.js';

/** The operations that take a service role (`RoleARN`): passing it is iam:PassRole. */
const PASSES_ROLE = new Set(['CreateStack', 'UpdateStack', 'CreateChangeSet', 'DeleteStack']);

/**
 * CloudFormation authorizes stack operations on the stack ("Actions, resources, and condition
 * keys for AWS CloudFormation": `stack/<name>/<id>`), named by ARN or by name (any id); the
 * account-wide ones (ListStacks, ValidateTemplate, ListExports, ...) on `*`. Naming a service
 * role passes it to CloudFormation: iam:PassRole on the role ("Grant a user permissions to pass a
 * role to an AWS service", IAM User Guide).
 */
export function cloudFormationChecks(
  account: Account,
  operation: string,
  input: Readonly<Record<string, unknown>>,
): Check[] {
  const action = `cloudformation:${operation}`;
  const stack = str(input, 'StackName');
  const role = str(input, 'RoleARN');
  const passRole: Check[] =
    role !== undefined && PASSES_ROLE.has(operation)
      ? [
          {
            action: 'iam:PassRole',
            resource: arnRef(role),
            context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
          },
        ]
      : [];
  if (stack === undefined || stack === '') return [{ action, resource: ANY }, ...passRole];
  const arn = stack.startsWith('arn:')
    ? stack
    : `arn:aws:cloudformation:${account.region}:${account.accountId}:stack/${stack}/*`;
  return [{ action, resource: arnRef(arn) }, ...passRole];
}

import { arnRef, ANY, str, type Account, type Check } from './model.js';

/**
 * Step Functions authorizes per state machine or execution ("Actions, resources, and condition
 * keys for AWS Step Functions"): operations name their resource by ARN, CreateStateMachine by the
 * ARN it will have; giving a machine its role passes the role to Step Functions.
 */
export function statesChecks(
  account: Account,
  operation: string,
  input: Readonly<Record<string, unknown>>,
): Check[] {
  const action = `states:${operation}`;
  const target =
    str(input, 'executionArn') ??
    str(input, 'stateMachineArn') ??
    (operation === 'CreateStateMachine'
      ? `arn:aws:states:${account.region}:${account.accountId}:stateMachine:${str(input, 'name') ?? ''}`
      : undefined);
  const checks: Check[] = [{ action, resource: target ? arnRef(target) : ANY }];
  const role = str(input, 'roleArn');
  if (role && (operation === 'CreateStateMachine' || operation === 'UpdateStateMachine')) {
    checks.push({
      action: 'iam:PassRole',
      resource: arnRef(role),
      context: { 'iam:PassedToService': 'states.amazonaws.com' },
    });
  }
  return checks;
}

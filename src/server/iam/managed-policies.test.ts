import { describe, expect, it } from 'vitest';
import { contextKeys } from './context-keys.js';
import { evaluate } from './evaluate.js';
import { MANAGED_POLICIES } from './managed-policies.js';

const ACCOUNT = '123456789012';
const fn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const alarm = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:orders-errors`;
const role = `arn:aws:iam::${ACCOUNT}:role/app`;
const lambdaLogs = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/orders`;
const group = `arn:aws:codedeploy:us-east-1:${ACCOUNT}:deploymentgroup:app/live`;

function decide(policyName: string, action: string, resource: string, context: Record<string, string> = {}) {
  const policy = [...MANAGED_POLICIES.values()].find((p) => p.name === policyName);
  if (!policy) throw new Error(`no managed policy ${policyName}`);
  return evaluate([{ name: policy.arn, document: policy.parsed }], {
    action,
    resource,
    context: contextKeys(context),
  }).kind;
}

const toLambda = { 'iam:PassedToService': 'lambda.amazonaws.com' };
const toEc2 = { 'iam:PassedToService': 'ec2.amazonaws.com' };

describe('AWS managed policies', () => {
  it('are served by their real ARNs', () => {
    expect([...MANAGED_POLICIES.keys()].sort()).toEqual([
      'arn:aws:iam::aws:policy/AWSLambdaExecute',
      'arn:aws:iam::aws:policy/AWSLambdaFullAccess',
      'arn:aws:iam::aws:policy/AWSLambda_FullAccess',
      'arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess',
      'arn:aws:iam::aws:policy/CloudWatchFullAccess',
      'arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess',
      'arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaRole',
    ]);
  });

  it('have stable ids in IAM form', () => {
    for (const policy of MANAGED_POLICIES.values()) expect(policy.policyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(new Set([...MANAGED_POLICIES.values()].map((p) => p.policyId)).size).toBe(MANAGED_POLICIES.size);
  });

  it.each([
    // The execution role of seed 002: logs only.
    ['AWSLambdaBasicExecutionRole', 'logs:PutLogEvents', lambdaLogs, {}, 'allow'],
    ['AWSLambdaBasicExecutionRole', 'lambda:UpdateAlias', fn('payments'), {}, 'implicitDeny'],
    ['AWSLambdaBasicExecutionRole', 'lambda:GetFunction', fn('payments'), {}, 'implicitDeny'],
    ['AWSLambdaBasicExecutionRole', 'lambda:DeleteFunction', fn('payments'), {}, 'implicitDeny'],
    ['AWSLambdaBasicExecutionRole', 'lambda:UpdateFunctionConfiguration', fn('payments'), {}, 'implicitDeny'],
    ['AWSLambdaBasicExecutionRole', 'cloudwatch:PutMetricAlarm', alarm, {}, 'implicitDeny'],
    ['AWSLambdaBasicExecutionRole', 'logs:FilterLogEvents', lambdaLogs, {}, 'implicitDeny'],
    // Full access to Lambda, PassRole only to Lambda.
    ['AWSLambda_FullAccess', 'lambda:UpdateAlias', fn('payments'), {}, 'allow'],
    ['AWSLambda_FullAccess', 'lambda:GetFunction', fn('payments:live'), {}, 'allow'],
    ['AWSLambda_FullAccess', 'lambda:DeleteFunction', fn('payments'), {}, 'allow'],
    ['AWSLambda_FullAccess', 'lambda:InvokeFunction', fn('payments'), {}, 'allow'],
    ['AWSLambda_FullAccess', 'iam:PassRole', role, toLambda, 'allow'],
    ['AWSLambda_FullAccess', 'iam:PassRole', role, toEc2, 'implicitDeny'],
    ['AWSLambda_FullAccess', 'logs:FilterLogEvents', lambdaLogs, {}, 'allow'],
    [
      'AWSLambda_FullAccess',
      'logs:FilterLogEvents',
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/custom`,
      {},
      'implicitDeny',
    ],
    ['AWSLambda_FullAccess', 'cloudwatch:GetMetricData', '*', {}, 'allow'],
    ['AWSLambda_FullAccess', 'cloudwatch:PutMetricAlarm', alarm, {}, 'implicitDeny'],
    ['AWSLambda_FullAccess', 'codedeploy:CreateDeployment', group, {}, 'implicitDeny'],
    ['AWSLambda_FullAccess', 'iam:CreateRole', role, {}, 'implicitDeny'],
    // The deprecated one: PassRole to anything, all of CloudWatch.
    ['AWSLambdaFullAccess', 'lambda:UpdateAlias', fn('payments'), {}, 'allow'],
    ['AWSLambdaFullAccess', 'iam:PassRole', role, toEc2, 'allow'],
    ['AWSLambdaFullAccess', 'cloudwatch:PutMetricAlarm', alarm, {}, 'allow'],
    ['AWSLambdaFullAccess', 'codedeploy:CreateDeployment', group, {}, 'implicitDeny'],
    // Read only.
    ['AWSLambda_ReadOnlyAccess', 'lambda:GetFunction', fn('payments'), {}, 'allow'],
    ['AWSLambda_ReadOnlyAccess', 'lambda:ListAliases', fn('payments'), {}, 'allow'],
    ['AWSLambda_ReadOnlyAccess', 'lambda:UpdateAlias', fn('payments'), {}, 'implicitDeny'],
    ['AWSLambda_ReadOnlyAccess', 'lambda:InvokeFunction', fn('payments'), {}, 'implicitDeny'],
    // Invoke only.
    ['AWSLambdaRole', 'lambda:InvokeFunction', fn('payments:live'), {}, 'allow'],
    ['AWSLambdaRole', 'lambda:GetFunction', fn('payments'), {}, 'implicitDeny'],
    ['AWSLambdaExecute', 'logs:CreateLogStream', lambdaLogs, {}, 'allow'],
    ['AWSLambdaExecute', 'lambda:InvokeFunction', fn('payments'), {}, 'implicitDeny'],
    // CodeDeploy's service role: shift aliases, read alarms, invoke hooks named CodeDeployHook_*.
    ['AWSCodeDeployRoleForLambda', 'lambda:UpdateAlias', fn('payments'), {}, 'allow'],
    ['AWSCodeDeployRoleForLambda', 'cloudwatch:DescribeAlarms', '*', {}, 'allow'],
    ['AWSCodeDeployRoleForLambda', 'lambda:InvokeFunction', fn('CodeDeployHook_preTraffic'), {}, 'allow'],
    ['AWSCodeDeployRoleForLambda', 'lambda:InvokeFunction', fn('preTraffic'), {}, 'implicitDeny'],
    ['AWSCodeDeployRoleForLambda', 'lambda:DeleteFunction', fn('payments'), {}, 'implicitDeny'],
    // CloudWatch.
    ['CloudWatchFullAccess', 'cloudwatch:PutMetricAlarm', alarm, {}, 'allow'],
    ['CloudWatchFullAccess', 'logs:FilterLogEvents', lambdaLogs, {}, 'allow'],
    ['CloudWatchFullAccess', 'lambda:UpdateAlias', fn('payments'), {}, 'implicitDeny'],
    ['CloudWatchReadOnlyAccess', 'cloudwatch:DescribeAlarms', '*', {}, 'allow'],
    ['CloudWatchReadOnlyAccess', 'cloudwatch:GetMetricStatistics', '*', {}, 'allow'],
    ['CloudWatchReadOnlyAccess', 'cloudwatch:PutMetricAlarm', alarm, {}, 'implicitDeny'],
    ['CloudWatchReadOnlyAccess', 'cloudwatch:DeleteAlarms', alarm, {}, 'implicitDeny'],
  ])('%s: %s on %s %j is %s', (name, action, resource, context, expected) => {
    expect(decide(name, action, resource, context)).toBe(expected);
  });
});

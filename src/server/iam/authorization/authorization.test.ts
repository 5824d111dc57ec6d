import { describe, expect, it } from 'vitest';
import { checksFor, functionArnOf, type Check, type OperationCall } from './index.js';

const account = { accountId: '123456789012', region: 'eu-west-1' };
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function';
const CD = 'arn:aws:codedeploy:eu-west-1:123456789012';

const arn = (action: string, resourceArn: string, context?: Record<string, string>): Check => ({
  action,
  resource: { kind: 'arn', arn: resourceArn },
  ...(context ? { context } : {}),
});

function lambda(
  operation: string,
  params: Record<string, string> = {},
  query: Record<string, string> = {},
  body?: unknown,
): OperationCall {
  return { service: 'lambda', operation, params, query, body };
}

describe('functionArnOf', () => {
  it.each([
    ['orders', undefined, `${FN}:orders`],
    ['orders', 'live', `${FN}:orders:live`],
    ['orders:7', undefined, `${FN}:orders:7`],
    ['123456789012:function:orders', undefined, `${FN}:orders`],
    [
      '210987654321:function:orders:live',
      undefined,
      'arn:aws:lambda:eu-west-1:210987654321:function:orders:live',
    ],
    [`${FN}:orders`, '$LATEST', `${FN}:orders:$LATEST`],
  ])('%s with qualifier %s', (name, qualifier, expected) => {
    expect(functionArnOf(account, name, qualifier)).toBe(expected);
  });
});

describe('Lambda', () => {
  it.each([
    [lambda('ListFunctions'), [arn('lambda:ListFunctions', '*')]],
    [lambda('GetAccountSettings'), [arn('lambda:GetAccountSettings', '*')]],
    [lambda('GetFunction', { FunctionName: 'orders' }), [arn('lambda:GetFunction', `${FN}:orders`)]],
    [
      lambda('GetFunction', { FunctionName: 'orders' }, { Qualifier: '3' }),
      [arn('lambda:GetFunction', `${FN}:orders:3`)],
    ],
    [
      lambda('GetFunctionConfiguration', { FunctionName: 'orders:live' }),
      [arn('lambda:GetFunctionConfiguration', `${FN}:orders:live`)],
    ],
    [lambda('Invoke', { FunctionName: 'orders:live' }), [arn('lambda:InvokeFunction', `${FN}:orders:live`)]],
    [
      lambda('Invoke', { FunctionName: 'orders' }, { Qualifier: '2' }),
      [arn('lambda:InvokeFunction', `${FN}:orders:2`)],
    ],
    [lambda('DeleteFunction', { FunctionName: 'orders' }), [arn('lambda:DeleteFunction', `${FN}:orders`)]],
    [
      lambda('DeleteFunction', { FunctionName: 'orders' }, { Qualifier: '1' }),
      [arn('lambda:DeleteFunction', `${FN}:orders:1`)],
    ],
    [
      lambda('UpdateFunctionCode', { FunctionName: 'orders' }),
      [arn('lambda:UpdateFunctionCode', `${FN}:orders`)],
    ],
    [lambda('PublishVersion', { FunctionName: 'orders' }), [arn('lambda:PublishVersion', `${FN}:orders`)]],
    [
      lambda('ListVersionsByFunction', { FunctionName: 'orders' }),
      [arn('lambda:ListVersionsByFunction', `${FN}:orders`)],
    ],
    [lambda('CreateAlias', { FunctionName: 'orders' }), [arn('lambda:CreateAlias', `${FN}:orders`)]],
    [
      lambda('UpdateAlias', { FunctionName: 'orders', Name: 'live' }),
      [arn('lambda:UpdateAlias', `${FN}:orders`)],
    ],
    [lambda('GetAlias', { FunctionName: 'orders', Name: 'live' }), [arn('lambda:GetAlias', `${FN}:orders`)]],
    [
      lambda('DeleteAlias', { FunctionName: 'orders', Name: 'live' }),
      [arn('lambda:DeleteAlias', `${FN}:orders`)],
    ],
    [lambda('ListAliases', { FunctionName: 'orders' }), [arn('lambda:ListAliases', `${FN}:orders`)]],
    [
      lambda('PutFunctionConcurrency', { FunctionName: 'orders' }),
      [arn('lambda:PutFunctionConcurrency', `${FN}:orders`)],
    ],
    [
      lambda('GetFunctionConcurrency', { FunctionName: 'orders' }),
      [arn('lambda:GetFunctionConcurrency', `${FN}:orders`)],
    ],
    [
      lambda('DeleteFunctionConcurrency', { FunctionName: 'orders' }),
      [arn('lambda:DeleteFunctionConcurrency', `${FN}:orders`)],
    ],
    [
      lambda('PutProvisionedConcurrencyConfig', { FunctionName: 'orders' }, { Qualifier: 'live' }),
      [arn('lambda:PutProvisionedConcurrencyConfig', `${FN}:orders:live`)],
    ],
    [
      lambda('GetProvisionedConcurrencyConfig', { FunctionName: 'orders' }, { Qualifier: 'live' }),
      [arn('lambda:GetProvisionedConcurrencyConfig', `${FN}:orders:live`)],
    ],
    [
      lambda('DeleteProvisionedConcurrencyConfig', { FunctionName: 'orders' }, { Qualifier: 'live' }),
      [arn('lambda:DeleteProvisionedConcurrencyConfig', `${FN}:orders:live`)],
    ],
    [lambda('TagResource', { ARN: `${FN}:orders` }), [arn('lambda:TagResource', `${FN}:orders`)]],
    [lambda('ListTags', { ARN: `${FN}:orders` }), [arn('lambda:ListTags', `${FN}:orders`)]],
    [lambda('UntagResource', { ARN: `${FN}:orders` }), [arn('lambda:UntagResource', `${FN}:orders`)]],
    [
      lambda('AddPermission', { FunctionName: 'orders' }, { Qualifier: 'live' }),
      [arn('lambda:AddPermission', `${FN}:orders:live`)],
    ],
    [
      lambda('RemovePermission', { FunctionName: 'orders', StatementId: 's' }),
      [arn('lambda:RemovePermission', `${FN}:orders`)],
    ],
    [lambda('GetPolicy', { FunctionName: 'orders' }), [arn('lambda:GetPolicy', `${FN}:orders`)]],
    [
      lambda('CreateFunctionUrlConfig', { FunctionName: 'orders' }, { Qualifier: 'live' }),
      [arn('lambda:CreateFunctionUrlConfig', `${FN}:orders:live`)],
    ],
    [
      lambda('GetFunctionUrlConfig', { FunctionName: 'orders' }),
      [arn('lambda:GetFunctionUrlConfig', `${FN}:orders`)],
    ],
    [
      lambda('UpdateFunctionUrlConfig', { FunctionName: 'orders' }),
      [arn('lambda:UpdateFunctionUrlConfig', `${FN}:orders`)],
    ],
    [
      lambda('DeleteFunctionUrlConfig', { FunctionName: 'orders' }),
      [arn('lambda:DeleteFunctionUrlConfig', `${FN}:orders`)],
    ],
    [
      lambda('ListFunctionUrlConfigs', { FunctionName: 'orders' }),
      [arn('lambda:ListFunctionUrlConfigs', `${FN}:orders`)],
    ],
    // Giving a function a role passes the role to Lambda.
    [
      lambda(
        'CreateFunction',
        {},
        {},
        { FunctionName: 'orders', Role: 'arn:aws:iam::123456789012:role/basic' },
      ),
      [
        arn('lambda:CreateFunction', `${FN}:orders`),
        arn('iam:PassRole', 'arn:aws:iam::123456789012:role/basic', {
          'iam:PassedToService': 'lambda.amazonaws.com',
        }),
      ],
    ],
    [
      lambda(
        'UpdateFunctionConfiguration',
        { FunctionName: 'orders' },
        {},
        { Environment: { Variables: {} } },
      ),
      [arn('lambda:UpdateFunctionConfiguration', `${FN}:orders`)],
    ],
    [
      lambda(
        'UpdateFunctionConfiguration',
        { FunctionName: 'orders' },
        {},
        { Role: 'arn:aws:iam::123456789012:role/admin' },
      ),
      [
        arn('lambda:UpdateFunctionConfiguration', `${FN}:orders`),
        arn('iam:PassRole', 'arn:aws:iam::123456789012:role/admin', {
          'iam:PassedToService': 'lambda.amazonaws.com',
        }),
      ],
    ],
  ])('%j', (call, expected) => {
    expect(checksFor(call, account)).toEqual(expected);
  });
});

describe('CodeDeploy', () => {
  const cd = (operation: string, input: Record<string, unknown>): OperationCall => ({
    service: 'codedeploy',
    operation,
    input,
  });
  const ofDeployment = (action: string, deploymentId: string): Check => ({
    action,
    resource: { kind: 'deploymentGroupOf', deploymentId },
  });
  it.each([
    [
      cd('CreateApplication', { applicationName: 'app' }),
      [arn('codedeploy:CreateApplication', `${CD}:application:app`)],
    ],
    [cd('ListApplications', {}), [arn('codedeploy:ListApplications', '*')]],
    [
      cd('BatchGetApplications', { applicationNames: ['a', 'b'] }),
      [
        arn('codedeploy:BatchGetApplications', `${CD}:application:a`),
        arn('codedeploy:BatchGetApplications', `${CD}:application:b`),
      ],
    ],
    [
      cd('CreateDeploymentGroup', { applicationName: 'app', deploymentGroupName: 'live' }),
      [arn('codedeploy:CreateDeploymentGroup', `${CD}:deploymentgroup:app/live`)],
    ],
    [
      cd('UpdateDeploymentGroup', {
        applicationName: 'app',
        currentDeploymentGroupName: 'live',
        newDeploymentGroupName: 'x',
      }),
      [arn('codedeploy:UpdateDeploymentGroup', `${CD}:deploymentgroup:app/live`)],
    ],
    [
      cd('ListDeploymentGroups', { applicationName: 'app' }),
      [arn('codedeploy:ListDeploymentGroups', `${CD}:application:app`)],
    ],
    [
      cd('CreateDeployment', { applicationName: 'app', deploymentGroupName: 'live' }),
      [arn('codedeploy:CreateDeployment', `${CD}:deploymentgroup:app/live`)],
    ],
    [
      cd('CreateDeploymentConfig', { deploymentConfigName: 'Fast' }),
      [arn('codedeploy:CreateDeploymentConfig', `${CD}:deploymentconfig:Fast`)],
    ],
    [cd('ListDeploymentConfigs', {}), [arn('codedeploy:ListDeploymentConfigs', '*')]],
    [cd('ListDeployments', {}), [arn('codedeploy:ListDeployments', '*')]],
    [cd('GetDeployment', { deploymentId: 'd-1' }), [ofDeployment('codedeploy:GetDeployment', 'd-1')]],
    [cd('StopDeployment', { deploymentId: 'd-1' }), [ofDeployment('codedeploy:StopDeployment', 'd-1')]],
    [
      cd('PutLifecycleEventHookExecutionStatus', {
        deploymentId: 'd-1',
        lifecycleEventHookExecutionId: 'h',
        status: 'Succeeded',
      }),
      [ofDeployment('codedeploy:PutLifecycleEventHookExecutionStatus', 'd-1')],
    ],
    [
      cd('BatchGetDeployments', { deploymentIds: ['d-1', 'd-2'] }),
      [
        ofDeployment('codedeploy:BatchGetDeployments', 'd-1'),
        ofDeployment('codedeploy:BatchGetDeployments', 'd-2'),
      ],
    ],
  ])('%j', (call, expected) => {
    expect(checksFor(call, account)).toEqual(expected);
  });
});

describe('CloudWatch and CloudWatch Logs', () => {
  const cw = (operation: string, input: Record<string, unknown>): OperationCall => ({
    service: 'cloudwatch',
    operation,
    input,
  });
  const logs = (operation: string, input: Record<string, unknown>): OperationCall => ({
    service: 'logs',
    operation,
    input,
  });
  const ALARM = 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm';
  const GROUP = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders';
  it.each([
    [cw('PutMetricAlarm', { AlarmName: 'errors' }), [arn('cloudwatch:PutMetricAlarm', `${ALARM}:errors`)]],
    [cw('SetAlarmState', { AlarmName: 'errors' }), [arn('cloudwatch:SetAlarmState', `${ALARM}:errors`)]],
    [
      cw('DeleteAlarms', { AlarmNames: ['a', 'b'] }),
      [arn('cloudwatch:DeleteAlarms', `${ALARM}:a`), arn('cloudwatch:DeleteAlarms', `${ALARM}:b`)],
    ],
    // The query protocol's list shape.
    [
      cw('DisableAlarmActions', { AlarmNames: { member: ['a'] } }),
      [arn('cloudwatch:DisableAlarmActions', `${ALARM}:a`)],
    ],
    [cw('DescribeAlarms', { AlarmNames: ['a'] }), [arn('cloudwatch:DescribeAlarms', '*')]],
    [cw('DescribeAlarmHistory', {}), [arn('cloudwatch:DescribeAlarmHistory', '*')]],
    [cw('DescribeAlarmHistory', { AlarmName: 'a' }), [arn('cloudwatch:DescribeAlarmHistory', `${ALARM}:a`)]],
    [
      cw('ListTagsForResource', { ResourceARN: `${ALARM}:a` }),
      [arn('cloudwatch:ListTagsForResource', `${ALARM}:a`)],
    ],
    [
      cw('PutMetricData', { Namespace: 'Orders' }),
      [arn('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'Orders' })],
    ],
    [cw('GetMetricData', {}), [arn('cloudwatch:GetMetricData', '*')]],
    [logs('FilterLogEvents', { logGroupName: '/aws/lambda/orders' }), [arn('logs:FilterLogEvents', GROUP)]],
    [logs('FilterLogEvents', { logGroupIdentifier: `${GROUP}:*` }), [arn('logs:FilterLogEvents', GROUP)]],
    [
      logs('DescribeLogStreams', { logGroupName: '/aws/lambda/orders' }),
      [arn('logs:DescribeLogStreams', GROUP)],
    ],
    [
      logs('GetLogEvents', { logGroupName: '/aws/lambda/orders', logStreamName: '2026/05/01/[1]abc' }),
      [arn('logs:GetLogEvents', `${GROUP}:log-stream:2026/05/01/[1]abc`)],
    ],
    [logs('DescribeLogGroups', {}), [arn('logs:DescribeLogGroups', '*')]],
  ])('%j', (call, expected) => {
    expect(checksFor(call, account)).toEqual(expected);
  });
});

describe('API Gateway, gradual routes and IAM', () => {
  const http = (
    service: 'apigateway' | 'gradual',
    method: string,
    path: string,
    body?: unknown,
  ): OperationCall => ({
    service,
    method,
    path,
    body,
  });
  const iam = (operation: string, input: Record<string, unknown>): OperationCall => ({
    service: 'iam',
    operation,
    input,
  });
  it.each([
    [
      http('apigateway', 'POST', '/restapis'),
      [arn('apigateway:POST', 'arn:aws:apigateway:eu-west-1::/restapis')],
    ],
    [
      http('apigateway', 'PUT', '/restapis/abc/resources/r1/methods/GET/integration'),
      [
        arn(
          'apigateway:PUT',
          'arn:aws:apigateway:eu-west-1::/restapis/abc/resources/r1/methods/GET/integration',
        ),
      ],
    ],
    [
      http('apigateway', 'delete', '/v2/apis/xyz/routes/r/'),
      [arn('apigateway:DELETE', 'arn:aws:apigateway:eu-west-1::/apis/xyz/routes/r')],
    ],
    [
      http('gradual', 'GET', '/_gradual/v1/deployments/d-1'),
      [{ action: 'codedeploy:GetDeployment', resource: { kind: 'deploymentGroupOf', deploymentId: 'd-1' } }],
    ],
    [
      http('gradual', 'GET', '/_gradual/v1/deployments/d-1/events'),
      [{ action: 'codedeploy:GetDeployment', resource: { kind: 'deploymentGroupOf', deploymentId: 'd-1' } }],
    ],
    [
      http('gradual', 'POST', '/_gradual/v1/plan', {
        deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      }),
      [
        arn(
          'codedeploy:GetDeploymentConfig',
          `${CD}:deploymentconfig:CodeDeployDefault.LambdaCanary10Percent5Minutes`,
        ),
      ],
    ],
    [
      http('gradual', 'POST', '/_gradual/v1/plan', {}),
      [arn('codedeploy:GetDeploymentConfig', `${CD}:deploymentconfig:CodeDeployDefault.LambdaAllAtOnce`)],
    ],
    [http('gradual', 'GET', '/_gradual/v1/something-new'), [arn('gradual:GET', '*')]],
    [
      iam('CreateRole', { RoleName: 'app', Path: '/service-role/' }),
      [arn('iam:CreateRole', 'arn:aws:iam::123456789012:role/service-role/app')],
    ],
    [iam('CreateRole', { RoleName: 'app' }), [arn('iam:CreateRole', 'arn:aws:iam::123456789012:role/app')]],
    [
      iam('GetRole', { RoleName: 'app' }),
      [{ action: 'iam:GetRole', resource: { kind: 'role', name: 'app' } }],
    ],
    [
      iam('AttachRolePolicy', { RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/AWSLambda_FullAccess' }),
      [
        {
          action: 'iam:AttachRolePolicy',
          resource: { kind: 'role', name: 'app' },
          context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSLambda_FullAccess' },
        },
      ],
    ],
    [
      iam('CreatePolicy', { PolicyName: 'p' }),
      [arn('iam:CreatePolicy', 'arn:aws:iam::123456789012:policy/p')],
    ],
    [
      iam('GetPolicyVersion', { PolicyArn: 'arn:aws:iam::aws:policy/AWSLambdaRole', VersionId: 'v1' }),
      [arn('iam:GetPolicyVersion', 'arn:aws:iam::aws:policy/AWSLambdaRole')],
    ],
    [iam('ListRoles', {}), [arn('iam:ListRoles', '*')]],
    [
      {
        service: 'states' as const,
        operation: 'StartExecution',
        input: { stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:m' },
      },
      [arn('states:StartExecution', 'arn:aws:states:eu-west-1:123456789012:stateMachine:m')],
    ],
    [
      {
        service: 'states' as const,
        operation: 'CreateStateMachine',
        input: { name: 'm', roleArn: 'arn:aws:iam::123456789012:role/sfn' },
      },
      [
        arn('states:CreateStateMachine', 'arn:aws:states:eu-west-1:123456789012:stateMachine:m'),
        arn('iam:PassRole', 'arn:aws:iam::123456789012:role/sfn', {
          'iam:PassedToService': 'states.amazonaws.com',
        }),
      ],
    ],
    [
      { service: 'states' as const, operation: 'ListStateMachines', input: {} },
      [arn('states:ListStateMachines', '*')],
    ],
  ])('%j', (call, expected) => {
    expect(checksFor(call, account)).toEqual(expected);
  });
});

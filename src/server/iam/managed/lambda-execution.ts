import type { ManagedPolicyData } from './model.js';

/*
 * The policies Lambda users attach to execution roles, as the AWS Managed Policy Reference Guide
 * publishes them (docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html), with
 * the creation and edit times it gives.
 */

export const AWSLambdaBasicExecutionRole: ManagedPolicyData = {
  name: 'AWSLambdaBasicExecutionRole',
  path: '/service-role/',
  description: 'Provides write permissions to CloudWatch Logs.',
  versionId: 'v1',
  createDate: '2015-04-09T15:03:43Z',
  updateDate: '2015-04-09T15:03:43Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: '*',
      },
    ],
  },
};

export const AWSLambdaRole: ManagedPolicyData = {
  name: 'AWSLambdaRole',
  path: '/service-role/',
  description: 'Default policy for AWS Lambda service role.',
  versionId: 'v1',
  createDate: '2015-02-06T18:41:28Z',
  updateDate: '2015-02-06T18:41:28Z',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] }],
  },
};

export const AWSLambdaExecute: ManagedPolicyData = {
  name: 'AWSLambdaExecute',
  path: '/',
  description: 'Provides Put, Get access to S3 and full access to CloudWatch Logs.',
  versionId: 'v1',
  createDate: '2015-02-06T18:40:46Z',
  updateDate: '2015-02-06T18:40:46Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['logs:*'], Resource: 'arn:aws:logs:*:*:*' },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::*' },
    ],
  },
};

/** CodeDeploy's service role for Lambda deployments (seed 001's serviceRoleArn carries it). */
export const AWSCodeDeployRoleForLambda: ManagedPolicyData = {
  name: 'AWSCodeDeployRoleForLambda',
  path: '/service-role/',
  description: 'Provides CodeDeploy service access to perform a Lambda deployment on your behalf.',
  versionId: 'v3',
  createDate: '2017-11-28T14:05:00Z',
  updateDate: '2019-12-03T19:53:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Action: [
          'cloudwatch:DescribeAlarms',
          'lambda:UpdateAlias',
          'lambda:GetAlias',
          'lambda:GetProvisionedConcurrencyConfig',
          'sns:Publish',
        ],
        Resource: '*',
        Effect: 'Allow',
      },
      {
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: 'arn:aws:s3:::*/CodeDeploy/*',
        Effect: 'Allow',
      },
      {
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: '*',
        Condition: { StringEquals: { 's3:ExistingObjectTag/UseWithCodeDeploy': 'true' } },
        Effect: 'Allow',
      },
      {
        Action: ['lambda:InvokeFunction'],
        Resource: 'arn:aws:lambda:*:*:function:CodeDeployHook_*',
        Effect: 'Allow',
      },
    ],
  },
};

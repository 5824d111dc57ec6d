import type { ManagedPolicyData } from './model.js';

/*
 * CloudWatch's policies as the CloudWatch User Guide lists them ("AWS managed (predefined)
 * policies for CloudWatch", the edition that added cross-account observability: oam:ListSinks).
 * AWS has published later versions since (CloudWatchReadOnlyAccess is at v10, November 2024),
 * which add read actions of services gradual does not have; the version ids here are gradual's
 * own count of the documents it serves, not AWS's, and they are dated the day Observability Access
 * Manager appeared (OAMFullAccess: November 27, 2022).
 */

export const CloudWatchFullAccess: ManagedPolicyData = {
  name: 'CloudWatchFullAccess',
  path: '/',
  description: 'Provides full access to CloudWatch.',
  versionId: 'v1',
  createDate: '2015-02-06T18:40:00Z',
  updateDate: '2022-11-27T00:00:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'autoscaling:Describe*',
          'cloudwatch:*',
          'logs:*',
          'sns:*',
          'iam:GetPolicy',
          'iam:GetPolicyVersion',
          'iam:GetRole',
          'oam:ListSinks',
        ],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource:
          'arn:aws:iam::*:role/aws-service-role/events.amazonaws.com/AWSServiceRoleForCloudWatchEvents*',
        Condition: { StringLike: { 'iam:AWSServiceName': 'events.amazonaws.com' } },
      },
      { Effect: 'Allow', Action: ['oam:ListAttachedLinks'], Resource: 'arn:aws:oam:*:*:sink/*' },
    ],
  },
};

export const CloudWatchReadOnlyAccess: ManagedPolicyData = {
  name: 'CloudWatchReadOnlyAccess',
  path: '/',
  description: 'Provides read only access to CloudWatch.',
  versionId: 'v1',
  createDate: '2015-02-06T18:40:00Z',
  updateDate: '2022-11-27T00:00:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'autoscaling:Describe*',
          'cloudwatch:Describe*',
          'cloudwatch:Get*',
          'cloudwatch:List*',
          'logs:Get*',
          'logs:List*',
          'logs:StartQuery',
          'logs:StopQuery',
          'logs:Describe*',
          'logs:TestMetricFilter',
          'logs:FilterLogEvents',
          'sns:Get*',
          'sns:List*',
          'oam:ListSinks',
        ],
        Resource: '*',
      },
      { Effect: 'Allow', Action: ['oam:ListAttachedLinks'], Resource: 'arn:aws:oam:*:*:sink/*' },
    ],
  },
};

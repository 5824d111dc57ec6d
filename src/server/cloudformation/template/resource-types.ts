import { API_GATEWAY_TYPES } from './resource-types-apigateway.js';
import type { TypeSpec } from './type-spec.js';

const ALARM_PROPERTIES = [
  'AlarmName',
  'AlarmDescription',
  'ActionsEnabled',
  'AlarmActions',
  'OKActions',
  'InsufficientDataActions',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Dimensions',
  'Period',
  'Unit',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
  'EvaluateLowSampleCountPercentile',
];

/** The resource types gradual's CloudFormation carries out; anything else fails the change set, naming it. */
export const RESOURCE_TYPES: Readonly<Record<string, TypeSpec>> = {
  'AWS::Lambda::Function': {
    properties: [
      'FunctionName',
      'Handler',
      'Runtime',
      'Code',
      'Role',
      'MemorySize',
      'Timeout',
      'Description',
      'Environment',
      'Tags',
      'ReservedConcurrentExecutions',
      'Architectures',
      'PackageType',
    ],
    required: ['Code', 'Role'],
    replaceOn: ['FunctionName'],
    attributes: ['Arn'],
  },
  'AWS::Lambda::Version': {
    properties: ['FunctionName', 'Description', 'CodeSha256'],
    required: ['FunctionName'],
    replaceOn: '*',
    attributes: ['Version', 'FunctionArn'],
  },
  'AWS::Lambda::Alias': {
    properties: [
      'Name',
      'FunctionName',
      'FunctionVersion',
      'Description',
      'RoutingConfig',
      'ProvisionedConcurrencyConfig',
    ],
    required: ['Name', 'FunctionName', 'FunctionVersion'],
    replaceOn: ['Name', 'FunctionName'],
    attributes: ['AliasArn'],
  },
  'AWS::Lambda::Permission': {
    properties: ['Action', 'FunctionName', 'Principal', 'SourceArn', 'SourceAccount', 'FunctionUrlAuthType'],
    required: ['Action', 'FunctionName', 'Principal'],
    replaceOn: '*',
    attributes: [],
  },
  'AWS::Lambda::Url': {
    properties: ['TargetFunctionArn', 'Qualifier', 'AuthType', 'Cors', 'InvokeMode'],
    required: ['TargetFunctionArn', 'AuthType'],
    replaceOn: ['TargetFunctionArn', 'Qualifier'],
    attributes: ['FunctionUrl', 'FunctionArn'],
  },
  'AWS::Lambda::EventInvokeConfig': {
    properties: [
      'FunctionName',
      'Qualifier',
      'MaximumEventAgeInSeconds',
      'MaximumRetryAttempts',
      'DestinationConfig',
    ],
    required: ['FunctionName', 'Qualifier'],
    replaceOn: ['FunctionName', 'Qualifier'],
    attributes: [],
  },
  'AWS::CodeDeploy::Application': {
    properties: ['ApplicationName', 'ComputePlatform', 'Tags'],
    required: [],
    replaceOn: ['ApplicationName', 'ComputePlatform'],
    attributes: [],
  },
  'AWS::CodeDeploy::DeploymentGroup': {
    properties: [
      'ApplicationName',
      'DeploymentGroupName',
      'DeploymentConfigName',
      'ServiceRoleArn',
      'DeploymentStyle',
      'AutoRollbackConfiguration',
      'AlarmConfiguration',
    ],
    required: ['ApplicationName', 'ServiceRoleArn'],
    replaceOn: ['ApplicationName', 'DeploymentGroupName'],
    attributes: [],
  },
  'AWS::IAM::Role': {
    properties: [
      'RoleName',
      'AssumeRolePolicyDocument',
      'ManagedPolicyArns',
      'Policies',
      'Path',
      'Description',
      'MaxSessionDuration',
      'Tags',
    ],
    required: ['AssumeRolePolicyDocument'],
    replaceOn: ['RoleName', 'Path'],
    attributes: ['Arn', 'RoleId'],
  },
  'AWS::IAM::Policy': {
    properties: ['PolicyName', 'PolicyDocument', 'Roles'],
    required: ['PolicyName', 'PolicyDocument'],
    replaceOn: [],
    attributes: [],
  },
  'AWS::StepFunctions::StateMachine': {
    properties: [
      'StateMachineName',
      'DefinitionString',
      'Definition',
      'DefinitionSubstitutions',
      'DefinitionS3Location',
      'RoleArn',
      'StateMachineType',
      'Tags',
    ],
    required: ['RoleArn'],
    replaceOn: ['StateMachineName', 'StateMachineType'],
    attributes: ['Arn', 'Name'],
  },
  'AWS::S3::Bucket': {
    // Accepted and not applied (gradual's S3 has no versioning, encryption settings or public
    // access): what `sam deploy`'s managed artifact bucket sets.
    properties: [
      'BucketName',
      'Tags',
      'VersioningConfiguration',
      'BucketEncryption',
      'PublicAccessBlockConfiguration',
    ],
    required: [],
    replaceOn: ['BucketName'],
    attributes: ['Arn', 'DomainName', 'RegionalDomainName'],
  },
  'AWS::CloudWatch::Alarm': {
    properties: ALARM_PROPERTIES,
    required: ['ComparisonOperator', 'EvaluationPeriods'],
    replaceOn: ['AlarmName'],
    attributes: ['Arn'],
  },
  'AWS::S3::BucketPolicy': {
    properties: ['Bucket', 'PolicyDocument'],
    required: ['Bucket', 'PolicyDocument'],
    replaceOn: [],
    attributes: [],
  },
  'AWS::IAM::ManagedPolicy': {
    properties: ['ManagedPolicyName', 'Path', 'Description', 'PolicyDocument', 'Roles'],
    required: ['PolicyDocument'],
    replaceOn: ['ManagedPolicyName', 'Path'],
    attributes: ['PolicyArn'],
  },
  ...API_GATEWAY_TYPES,
};

/** Types CloudFormation has that gradual does not carry out (yet): said so by name. */
export function typeSpec(type: string): TypeSpec | undefined {
  return Object.hasOwn(RESOURCE_TYPES, type) ? RESOURCE_TYPES[type] : undefined;
}

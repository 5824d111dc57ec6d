import { TemplateError } from './errors.js';

/**
 * What SAM and CloudFormation know, so a misspelt name is told apart from a real one gradual does
 * not carry out: `Handlr` is unknown to SAM (did you mean `Handler`?), `Layers` is SAM's and not
 * supported by gradual. Names from the AWS SAM and CloudFormation template references.
 */
export const SAM_FUNCTION_PROPERTIES = [
  'Architectures',
  'AssumeRolePolicyDocument',
  'AutoPublishAlias',
  'AutoPublishAliasAllProperties',
  'AutoPublishCodeSha256',
  'CapacityProviderConfig',
  'CodeSigningConfigArn',
  'CodeUri',
  'DeadLetterQueue',
  'DeploymentPreference',
  'Description',
  'DurableConfig',
  'Environment',
  'EphemeralStorage',
  'EventInvokeConfig',
  'Events',
  'FileSystemConfigs',
  'FunctionName',
  'FunctionScalingConfig',
  'FunctionUrlConfig',
  'Handler',
  'ImageConfig',
  'ImageUri',
  'InlineCode',
  'KmsKeyArn',
  'Layers',
  'LoggingConfig',
  'MemorySize',
  'PackageType',
  'PermissionsBoundary',
  'Policies',
  'PropagateTags',
  'ProvisionedConcurrencyConfig',
  'RecursiveLoop',
  'ReservedConcurrentExecutions',
  'Role',
  'RolePath',
  'Runtime',
  'RuntimeManagementConfig',
  'SnapStart',
  'SourceKMSKeyArn',
  'Tags',
  'Timeout',
  'Tracing',
  'VersionDescription',
  'VpcConfig',
];

export const SAM_DEPLOYMENT_PREFERENCE = [
  'Alarms',
  'Enabled',
  'Hooks',
  'PassthroughCondition',
  'Role',
  'TriggerConfigurations',
  'Type',
];

export const SAM_HOOKS = ['PostTraffic', 'PreTraffic'];

export const SAM_FUNCTION_URL_CONFIG = ['AuthType', 'Cors', 'InvokeMode'];

export const SAM_EVENT = ['Properties', 'Type'];

export const CFN_RESOURCE_ATTRIBUTES = [
  'Condition',
  'CreationPolicy',
  'DeletionPolicy',
  'DependsOn',
  'Metadata',
  'Properties',
  'Type',
  'UpdatePolicy',
  'UpdateReplacePolicy',
];

export const CFN_ALARM_PROPERTIES = [
  'ActionsEnabled',
  'AlarmActions',
  'AlarmDescription',
  'AlarmName',
  'ComparisonOperator',
  'DatapointsToAlarm',
  'Dimensions',
  'EvaluateLowSampleCountPercentile',
  'EvaluationPeriods',
  'ExtendedStatistic',
  'InsufficientDataActions',
  'MetricName',
  'Metrics',
  'Namespace',
  'OKActions',
  'Period',
  'Statistic',
  'Tags',
  'Threshold',
  'ThresholdMetricId',
  'TreatMissingData',
  'Unit',
];

import { nearest } from './nearest.js';

export { distance, nearest } from './nearest.js';

/**
 * The keys of a mapping checked against what SAM/CloudFormation define there (`known`) and what
 * gradual carries out (`supported`): unknown keys get a suggestion, known ones gradual lacks say so.
 */
export function checkNames(
  value: Record<string, unknown>,
  path: string,
  names: { known: readonly string[]; supported: ReadonlySet<string> | readonly string[]; what: string },
): void {
  const supported = names.supported instanceof Set ? names.supported : new Set(names.supported);
  for (const key of Object.keys(value)) {
    if (supported.has(key)) continue;
    if (names.known.includes(key)) throw new TemplateError(`${path}.${key}`, 'not supported by gradual');
    const guess = nearest(key, names.known);
    throw new TemplateError(
      `${path}.${key}`,
      `unknown to ${names.what}${guess ? ` (did you mean ${guess}?)` : ''}`,
    );
  }
}

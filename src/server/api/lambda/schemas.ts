import { z } from 'zod';
import { awsEnum, awsInt, awsString } from '../validation.js';

/** Request shapes of the Lambda control API, with the model's constraints (botocore lambda 2015-03-31). */

const ROLE_PATTERN = String.raw`arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`;

const environment = z.object({ Variables: z.record(z.string(), z.string()).optional() });
const tags = z.record(z.string(), z.string());

const settings = {
  Role: awsString({ pattern: ROLE_PATTERN }),
  Handler: awsString({ max: 128, pattern: String.raw`[^\s]+` }),
  Description: awsString({ max: 256 }),
  Timeout: awsInt({ min: 1, max: 900 }),
  MemorySize: awsInt({ min: 128, max: 10240 }),
  Environment: environment,
  Runtime: z.string(),
  TracingConfig: z.object({ Mode: awsEnum(['Active', 'PassThrough']).optional() }),
  EphemeralStorage: z.object({ Size: awsInt({ min: 512, max: 10240 }) }),
  LoggingConfig: z.object({
    LogFormat: awsEnum(['Text', 'JSON']).optional(),
    LogGroup: awsString({ min: 1, max: 512, pattern: String.raw`[\.\-_/#A-Za-z0-9]+` }).optional(),
    ApplicationLogLevel: z.string().optional(),
    SystemLogLevel: z.string().optional(),
  }),
  // Accepted so infrastructure tools that always send them work; only empty values are allowed.
  Layers: z.array(z.string()),
  VpcConfig: z.object({
    SubnetIds: z.array(z.string()).optional(),
    SecurityGroupIds: z.array(z.string()).optional(),
  }),
  DeadLetterConfig: z.object({ TargetArn: z.string().optional() }),
  KMSKeyArn: z.string(),
  FileSystemConfigs: z.array(z.unknown()),
  SnapStart: z.object({ ApplyOn: awsEnum(['PublishedVersions', 'None']).optional() }),
  ImageConfig: z.object({}).loose(),
};

export const architectures = z.array(z.string());

const code = z.object({
  ZipFile: z.string().optional(),
  S3Bucket: z.string().optional(),
  S3Key: z.string().optional(),
  S3ObjectVersion: z.string().optional(),
  ImageUri: z.string().optional(),
});

export const createFunctionBody = z.object({
  FunctionName: z.string(),
  Role: settings.Role,
  Code: code,
  Runtime: settings.Runtime.optional(),
  Handler: settings.Handler.optional(),
  Description: settings.Description.optional(),
  Timeout: settings.Timeout.optional(),
  MemorySize: settings.MemorySize.optional(),
  Publish: z.boolean().optional(),
  Environment: settings.Environment.optional(),
  Architectures: architectures.optional(),
  PackageType: awsEnum(['Zip', 'Image']).optional(),
  Tags: tags.optional(),
  TracingConfig: settings.TracingConfig.optional(),
  EphemeralStorage: settings.EphemeralStorage.optional(),
  LoggingConfig: settings.LoggingConfig.optional(),
  Layers: settings.Layers.optional(),
  VpcConfig: settings.VpcConfig.optional(),
  DeadLetterConfig: settings.DeadLetterConfig.optional(),
  KMSKeyArn: settings.KMSKeyArn.optional(),
  FileSystemConfigs: settings.FileSystemConfigs.optional(),
  SnapStart: settings.SnapStart.optional(),
  ImageConfig: settings.ImageConfig.optional(),
  CodeSigningConfigArn: z.string().optional(),
});
export type CreateFunctionBody = z.output<typeof createFunctionBody>;

export const updateFunctionConfigurationBody = z.object({
  Role: settings.Role.optional(),
  Handler: settings.Handler.optional(),
  Description: settings.Description.optional(),
  Timeout: settings.Timeout.optional(),
  MemorySize: settings.MemorySize.optional(),
  Environment: settings.Environment.optional(),
  Runtime: settings.Runtime.optional(),
  TracingConfig: settings.TracingConfig.optional(),
  EphemeralStorage: settings.EphemeralStorage.optional(),
  LoggingConfig: settings.LoggingConfig.optional(),
  Layers: settings.Layers.optional(),
  VpcConfig: settings.VpcConfig.optional(),
  DeadLetterConfig: settings.DeadLetterConfig.optional(),
  KMSKeyArn: settings.KMSKeyArn.optional(),
  FileSystemConfigs: settings.FileSystemConfigs.optional(),
  SnapStart: settings.SnapStart.optional(),
  ImageConfig: settings.ImageConfig.optional(),
  RevisionId: z.string().optional(),
});
export type UpdateFunctionConfigurationBody = z.output<typeof updateFunctionConfigurationBody>;

export const updateFunctionCodeBody = code.extend({
  Publish: z.boolean().optional(),
  DryRun: z.boolean().optional(),
  RevisionId: z.string().optional(),
  Architectures: architectures.optional(),
});

export const publishVersionBody = z.object({
  CodeSha256: z.string().optional(),
  Description: settings.Description.optional(),
  RevisionId: z.string().optional(),
});

const routingConfig = z.object({ AdditionalVersionWeights: z.record(z.string(), z.number()).optional() });

export const createAliasBody = z.object({
  Name: z.string(),
  FunctionVersion: z.string(),
  Description: settings.Description.optional(),
  RoutingConfig: routingConfig.optional(),
});

export const updateAliasBody = z.object({
  FunctionVersion: z.string().optional(),
  Description: settings.Description.optional(),
  RoutingConfig: routingConfig.optional(),
  RevisionId: z.string().optional(),
});

export const putConcurrencyBody = z.object({ ReservedConcurrentExecutions: awsInt({ min: 0 }) });

export const tagResourceBody = z.object({ Tags: tags });

export const addPermissionBody = z.object({
  StatementId: awsString({ min: 1, max: 100, pattern: '([a-zA-Z0-9-_]+)' }),
  Action: awsString({ pattern: '(lambda:[*]|lambda:[a-zA-Z]+|[*])' }),
  Principal: awsString({ pattern: String.raw`[^\s]+` }),
  SourceArn: awsString({
    pattern: String.raw`arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`,
  }).optional(),
  SourceAccount: awsString({ max: 12, pattern: String.raw`\d{12}` }).optional(),
  EventSourceToken: z.string().optional(),
  RevisionId: z.string().optional(),
  PrincipalOrgID: z.string().optional(),
  FunctionUrlAuthType: awsEnum(['NONE', 'AWS_IAM']).optional(),
});

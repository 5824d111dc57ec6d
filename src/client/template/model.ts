/**
 * What a SAM template asks for, fully resolved: the plan the deployer carries out. Pure data, no
 * intrinsics left, every name decided.
 */

export interface StackPlan {
  stackName: string;
  region: string;
  accountId: string;
  /** SAM's ServerlessDeploymentApplication: one CodeDeploy application per stack. */
  applicationName: string;
  functions: FunctionPlan[];
  alarms: AlarmPlan[];
  outputs: OutputPlan[];
  /** Things accepted but without effect on gradual (IAM policies, ...), to tell the user. */
  warnings: string[];
}

export interface FunctionPlan {
  logicalId: string;
  name: string;
  /** Absolute path of a folder or a .zip file. */
  codeUri: string;
  handler: string;
  runtime: string;
  memorySize?: number;
  timeout?: number;
  description?: string;
  environment: Record<string, string>;
  reservedConcurrency?: number;
  tags: Record<string, string>;
  autoPublishAlias?: string;
  /** A CodeDeploy deployment per change, when DeploymentPreference is present and enabled. */
  deployment?: DeploymentPlan;
  /** Api and HttpApi events: gateway routes to the function (or its alias). */
  events: EventPlan[];
  functionUrl?: FunctionUrlPlan;
  /** The role the function runs as. */
  executionRole: ExecutionRolePlan;
}

/** `Role` (an existing role's ARN), or the role SAM creates from `Policies`. */
export type ExecutionRolePlan =
  | { kind: 'existing'; arn: string }
  | {
      kind: 'created';
      /** Managed policies by ARN or by name, besides AWSLambdaBasicExecutionRole. */
      managed: string[];
      /** Policy documents, as written. */
      inline: Record<string, unknown>[];
    };

export interface DeploymentPlan {
  /** A CodeDeploy config name: `CodeDeployDefault.Lambda<ShortName>` or a custom name as written. */
  configName: string;
  /** SAM's `<Fn>DeploymentGroup`. */
  groupName: string;
  alarms: string[];
  preTraffic?: string;
  postTraffic?: string;
}

export interface EventPlan {
  /** `Resources.<Fn>.Properties.Events.<name>`, for messages. */
  path: string;
  name: string;
  type: 'Api' | 'HttpApi';
  /** Absent on HttpApi: catch-all. */
  routePath?: string;
  method?: string;
  restApiId?: string;
}

export interface FunctionUrlPlan {
  path: string;
  authType: 'NONE' | 'AWS_IAM';
  cors?: Record<string, unknown>;
}

/** The PutMetricAlarm input, as the template gives it. */
export interface AlarmPlan {
  logicalId: string;
  name: string;
  properties: Record<string, unknown>;
}

export interface OutputPlan {
  name: string;
  value: string;
  description?: string;
}

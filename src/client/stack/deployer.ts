import type { IAMClient } from '@aws-sdk/client-iam';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateDeploymentCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type AliasConfiguration,
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { createHash } from 'node:crypto';
import { TemplateError } from '../../common/template/errors.js';
import { ensureExecutionRole } from './execution-roles.js';
import type { FunctionPlan, OutputPlan, StackPlan } from '../template/model.js';
import { deferredOutputs } from '../template/template.js';
import { deployFunctionUrl, deployRestApi } from './gateway.js';
import { deployHttpApi } from './http-api.js';
import { packageCode, type CodePackage } from './package.js';
import { putAlarm } from './alarms.js';
import { appSpec, ensureApplication, ensureGroup } from './deployment-groups.js';
import { preflight } from './preflight.js';
import { orUndefined } from './sdk-errors.js';
import { LOGICAL_ID_TAG, STACK_TAG } from './tags.js';

export interface StackClients {
  lambda: LambdaClient;
  apiGateway: APIGatewayClient;
  apiGatewayV2: ApiGatewayV2Client;
  codeDeploy: CodeDeployClient;
  cloudWatch: CloudWatchClient;
  iam: IAMClient;
}

/** Tags that mark a function as part of a stack: the stack's state lives on the server. */
export { LOGICAL_ID_TAG, STACK_TAG } from './tags.js';

export interface FunctionOutcome {
  logicalId: string;
  name: string;
  /** What happened to the function's $LATEST. */
  action: 'created' | 'updated' | 'unchanged';
  /** The version the alias points to (or will, once its deployment succeeds). */
  version?: string;
  published?: boolean;
  alias?: string;
}

export interface StartedDeployment {
  logicalId: string;
  functionName: string;
  alias: string;
  deploymentId: string;
  fromVersion: string;
  toVersion: string;
}

export interface StackOutcome {
  functions: FunctionOutcome[];
  alarms: { name: string; action: 'created' | 'updated' | 'unchanged' }[];
  deployments: StartedDeployment[];
  /** The template's Outputs, with values only known after deploying (API id, function URLs) filled in. */
  outputs: OutputPlan[];
  functionUrls: Record<string, string>;
  restApiId?: string;
  httpApiId?: string;
}

export interface DeployOptions {
  /** One line per thing done, for the user. */
  say?: (line: string) => void;
  /**
   * An existing role for functions whose template names none and lists no Policies, instead of
   * the role SAM would create for each.
   */
  role?: string;
}

/** How often the SDK waiters poll (seconds): gradual settles in milliseconds. */
const WAIT = { minDelay: 0.05, maxDelay: 0.5, maxWaitTime: 120 };

/** Refuses what gradual cannot carry out, before anything changes. */
export function checkSupported(plan: StackPlan): void {
  for (const fn of plan.functions) {
    for (const event of fn.events) {
      if (event.restApiId !== undefined)
        throw new TemplateError(
          event.type === 'HttpApi' ? `${event.path}.Properties.ApiId` : `${event.path}.Properties.RestApiId`,
          event.type === 'HttpApi'
            ? 'only the implicit HTTP API is supported by gradual (AWS::Serverless::HttpApi is not)'
            : 'only the implicit API is supported by gradual (AWS::Serverless::Api is not)',
        );
    }
  }
}

/**
 * Carries out a stack plan against gradual through its public APIs, as SAM + CloudFormation +
 * CodeDeploy would: alarms, functions, versions (only on a change), aliases, CodeDeploy
 * deployments. Returns without waiting for the deployments it started.
 */
export async function deployStack(
  plan: StackPlan,
  clients: StackClients,
  options: DeployOptions = {},
): Promise<StackOutcome> {
  const say = options.say ?? (() => undefined);
  checkSupported(plan);
  // Everything that can be checked is, before the first write: no half-applied stack.
  await preflight(plan, clients);

  const packages = new Map<string, CodePackage>();
  for (const fn of plan.functions) {
    const pkg = await packageCode(fn.codeUri);
    packages.set(fn.logicalId, pkg);
    say(`packaged ${fn.logicalId} (${pkg.zip.length} bytes, sha256 ${pkg.sha256.slice(0, 12)}…)`);
  }

  const outcome: StackOutcome = {
    functions: [],
    alarms: [],
    deployments: [],
    outputs: [],
    functionUrls: {},
  };
  for (const alarm of plan.alarms) {
    const action = await putAlarm(clients.cloudWatch, plan.stackName, alarm);
    outcome.alarms.push({ name: alarm.name, action });
    say(`alarm ${alarm.name}: ${action}`);
  }

  for (const fn of plan.functions) {
    const role =
      options.role &&
      fn.executionRole.kind === 'created' &&
      fn.executionRole.managed.length === 0 &&
      fn.executionRole.inline.length === 0
        ? options.role
        : await ensureExecutionRole(clients.iam, plan, fn, say);
    const action = await upsertFunction(clients.lambda, plan, fn, packages.get(fn.logicalId)!, role);
    outcome.functions.push({ logicalId: fn.logicalId, name: fn.name, action });
    say(`function ${fn.name}: ${action}`);
  }

  const gradual = plan.functions.filter((f) => f.deployment);
  if (gradual.length > 0) {
    await ensureApplication(clients.codeDeploy, plan.applicationName);
    for (const fn of gradual) await ensureGroup(clients.codeDeploy, plan.applicationName, fn.deployment!);
  }

  // Hooks (and other plain aliases) first: a deployment may invoke them straight away.
  const ordered = [...plan.functions.filter((f) => !f.deployment), ...gradual];
  for (const fn of ordered) {
    if (!fn.autoPublishAlias) continue;
    const result = outcome.functions.find((f) => f.logicalId === fn.logicalId)!;
    const started = await publishAndPoint(clients, plan, fn, result, say);
    if (started) outcome.deployments.push(started);
  }

  // Front doors last: a URL or route on an alias needs the alias.
  for (const fn of plan.functions)
    if (fn.functionUrl) outcome.functionUrls[fn.logicalId] = await deployFunctionUrl(clients.lambda, fn, say);
  const apiId = await deployRestApi(clients, plan, say);
  if (apiId) outcome.restApiId = apiId;
  const httpApiId = await deployHttpApi(clients, plan, say);
  if (httpApiId) outcome.httpApiId = httpApiId;
  outcome.outputs = deferredOutputs(plan.outputs, {
    ServerlessRestApi: apiId,
    ServerlessHttpApi: httpApiId,
    ...Object.fromEntries(
      Object.entries(outcome.functionUrls).map(([id, url]) => [`${id}Url.FunctionUrl`, url]),
    ),
  });
  return outcome;
}

/** The configuration the template sets, in the shape CreateFunction and UpdateFunctionConfiguration take. */
interface DesiredConfig {
  Role: string;
  Handler: string;
  Runtime: NonNullable<FunctionConfiguration['Runtime']>;
  MemorySize: number;
  Timeout: number;
  Description: string;
  Environment: { Variables: Record<string, string> };
}

function desiredConfig(fn: FunctionPlan, role: string): DesiredConfig {
  return {
    Role: role,
    Handler: fn.handler,
    Runtime: fn.runtime as DesiredConfig['Runtime'],
    MemorySize: fn.memorySize ?? 128,
    Timeout: fn.timeout ?? 3,
    Description: fn.description ?? '',
    Environment: { Variables: fn.environment },
  };
}

/** The configuration fields the template sets, as a comparable string. */
function configKey(c: FunctionConfiguration): string {
  return JSON.stringify([
    c.Role,
    c.Handler,
    c.Runtime,
    c.MemorySize ?? 128,
    c.Timeout ?? 3,
    c.Description ?? '',
    Object.entries(c.Environment?.Variables ?? {}).sort(([a], [b]) => a.localeCompare(b)),
  ]);
}

async function upsertFunction(
  lambda: LambdaClient,
  plan: StackPlan,
  fn: FunctionPlan,
  pkg: CodePackage,
  role: string,
): Promise<FunctionOutcome['action']> {
  const tags = { ...fn.tags, [STACK_TAG]: plan.stackName, [LOGICAL_ID_TAG]: fn.logicalId };
  const existing: GetFunctionCommandOutput | undefined = await orUndefined(
    lambda.send(new GetFunctionCommand({ FunctionName: fn.name })),
    'ResourceNotFoundException',
  );
  const d = desiredConfig(fn, role);
  if (!existing) {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: fn.name,
        Code: { ZipFile: pkg.zip },
        ...d,
        Tags: tags,
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, ...WAIT }, { FunctionName: fn.name });
    await setConcurrency(lambda, fn, undefined);
    return 'created';
  }
  const owner = existing.Tags?.[STACK_TAG];
  if (owner !== plan.stackName)
    throw new TemplateError(
      `Resources.${fn.logicalId}`,
      `function ${fn.name} already exists ${owner ? `in stack ${owner}` : 'outside any stack'}; give the function another FunctionName or stack name`,
    );
  const config = existing.Configuration!;
  let changed = false;
  if (config.CodeSha256 !== pkg.sha256) {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: fn.name, ZipFile: pkg.zip }));
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: fn.name });
    changed = true;
  }
  if (configKey(config) !== configKey(d)) {
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: fn.name, ...d }));
    await waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: fn.name });
    changed = true;
  }
  if (await syncTags(lambda, config.FunctionArn!, existing.Tags ?? {}, tags)) changed = true;
  if (await setConcurrency(lambda, fn, existing.Concurrency?.ReservedConcurrentExecutions)) changed = true;
  return changed ? 'updated' : 'unchanged';
}

async function syncTags(
  lambda: LambdaClient,
  arn: string,
  current: Record<string, string>,
  desired: Record<string, string>,
): Promise<boolean> {
  const stale = Object.keys(current).filter((k) => !(k in desired));
  const changed = Object.entries(desired).filter(([k, v]) => current[k] !== v);
  if (stale.length > 0) await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: stale }));
  if (changed.length > 0)
    await lambda.send(new TagResourceCommand({ Resource: arn, Tags: Object.fromEntries(changed) }));
  return stale.length > 0 || changed.length > 0;
}

async function setConcurrency(
  lambda: LambdaClient,
  fn: FunctionPlan,
  current: number | undefined,
): Promise<boolean> {
  if (fn.reservedConcurrency === current) return false;
  if (fn.reservedConcurrency === undefined)
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: fn.name }));
  else
    await lambda.send(
      new PutFunctionConcurrencyCommand({
        FunctionName: fn.name,
        ReservedConcurrentExecutions: fn.reservedConcurrency,
      }),
    );
  return true;
}

/**
 * Publishes a version when $LATEST differs from what the alias serves (code or any configuration),
 * then points the alias: created on the first version, moved by CodeDeploy when the function has
 * a DeploymentPreference, else moved at once.
 */
async function publishAndPoint(
  clients: StackClients,
  plan: StackPlan,
  fn: FunctionPlan,
  result: FunctionOutcome,
  say: (line: string) => void,
): Promise<StartedDeployment | undefined> {
  const { lambda } = clients;
  const aliasName = fn.autoPublishAlias!;
  result.alias = aliasName;
  const alias: AliasConfiguration | undefined = await orUndefined(
    lambda.send(new GetAliasCommand({ FunctionName: fn.name, Name: aliasName })),
    'ResourceNotFoundException',
  );
  if (alias) {
    const [latest, served] = await Promise.all([
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn.name })),
      lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: fn.name, Qualifier: alias.FunctionVersion }),
      ),
    ]);
    if (latest.CodeSha256 === served.CodeSha256 && configKey(latest) === configKey(served)) {
      result.version = alias.FunctionVersion;
      say(`alias ${fn.name}:${aliasName}: unchanged on version ${alias.FunctionVersion}`);
      return undefined;
    }
  }
  const published = await lambda.send(new PublishVersionCommand({ FunctionName: fn.name }));
  const version = published.Version!;
  result.version = version;
  result.published = true;
  say(`function ${fn.name}: published version ${version}`);
  if (!alias) {
    await lambda.send(
      new CreateAliasCommand({ FunctionName: fn.name, Name: aliasName, FunctionVersion: version }),
    );
    say(`alias ${fn.name}:${aliasName}: created on version ${version}`);
    return undefined;
  }
  if (alias.FunctionVersion === version) {
    say(`alias ${fn.name}:${aliasName}: already on version ${version}`);
    return undefined;
  }
  if (!fn.deployment) {
    await lambda.send(
      new UpdateAliasCommand({
        FunctionName: fn.name,
        Name: aliasName,
        FunctionVersion: version,
        RoutingConfig: { AdditionalVersionWeights: {} },
      }),
    );
    say(`alias ${fn.name}:${aliasName}: moved from version ${alias.FunctionVersion} to ${version}`);
    return undefined;
  }
  const content = appSpec(fn, aliasName, alias.FunctionVersion!, version);
  const { deploymentId } = await clients.codeDeploy.send(
    new CreateDeploymentCommand({
      applicationName: plan.applicationName,
      deploymentGroupName: fn.deployment.groupName,
      description: `gradual deploy of stack ${plan.stackName}: ${fn.logicalId} version ${alias.FunctionVersion} -> ${version}`,
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') },
      },
    }),
  );
  const config = fn.deployment.configName.replace(/^CodeDeployDefault\.Lambda/, '');
  say(`deployment ${deploymentId!}: ${fn.name} ${alias.FunctionVersion} -> ${version} (${config})`);
  return {
    logicalId: fn.logicalId,
    functionName: fn.name,
    alias: aliasName,
    deploymentId: deploymentId!,
    fromVersion: alias.FunctionVersion!,
    toVersion: version,
  };
}

import { createHash } from 'node:crypto';
import { configNameOf, deploymentTypeProblem } from '../../../common/template/deployment-types.js';
import { TemplateError } from '../../../common/template/errors.js';
import { mergeGlobals } from '../../../common/template/globals.js';
import { checkNames, SAM_FUNCTION_PROPERTIES } from '../../../common/template/sam-names.js';
import type { ProcessedTemplate, ResourceDefinition } from '../model.js';
import { explicitApis, isExplicitApi } from './sam-explicit-apis.js';
import { apiGlobals } from './sam-api-globals.js';
import { functionApiEvents, implicitApis, type ApiRoute } from './sam-api-events.js';
import { samExecutionRole } from './sam-role.js';
import { samStateMachine } from './sam-state-machine.js';
import {
  provisionedConcurrency,
  samEventInvokeConfig,
  samFunctionUrl,
  type FunctionTarget,
} from './sam-function-extras.js';

import { SAM_TRANSFORM } from '../../../common/template/sections.js';
import { isRecord } from '../../../common/is-record.js';

export { SAM_TRANSFORM };
const FUNCTION = 'AWS::Serverless::Function';

/** SAM's function properties this transform turns into CloudFormation resources. */
const FUNCTION_PROPERTIES = new Set([
  'FunctionName',
  'CodeUri',
  'InlineCode',
  'Handler',
  'Runtime',
  'MemorySize',
  'Timeout',
  'Description',
  'Environment',
  'Tags',
  'ReservedConcurrentExecutions',
  'Architectures',
  'AutoPublishAlias',
  'AutoPublishCodeSha256',
  'DeploymentPreference',
  'Role',
  'Policies',
  'Events',
  'FunctionUrlConfig',
  'EventInvokeConfig',
  'ProvisionedConcurrencyConfig',
]);

/** `s3://bucket/key` or `{Bucket, Key, Version}` as Lambda's `Code`. */
function codeOf(uri: unknown, inline: unknown, path: string): Record<string, unknown> {
  if (inline !== undefined) return { ZipFile: inline };
  if (typeof uri === 'string') {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!m)
      throw new TemplateError(
        `${path}.CodeUri`,
        `'${uri}' is not a valid S3 Uri of the form 's3://bucket/key' (run aws cloudformation package first)`,
      );
    return { S3Bucket: m[1], S3Key: m[2] };
  }
  if (isRecord(uri) && uri['Bucket'] !== undefined && uri['Key'] !== undefined)
    return {
      S3Bucket: uri['Bucket'],
      S3Key: uri['Key'],
      ...(uri['Version'] !== undefined ? { S3ObjectVersion: uri['Version'] } : {}),
    };
  throw new TemplateError(`${path}.CodeUri`, 'is required (an s3:// location, or InlineCode)');
}

/** SAM names an alias resource by its name with `-` and `_` spelled out. */
export const aliasLogicalId = (fn: string, alias: string): string =>
  `${fn}Alias${alias.replace(/-/g, 'D').replace(/_/g, 'U')}`;

/**
 * The `AWS::Serverless-2016-10-31` transform, as SAM does it for what gradual supports: each
 * `AWS::Serverless::Function` (Globals merged) becomes an `AWS::Lambda::Function`; with
 * `AutoPublishAlias` also an `AWS::Lambda::Version` (named by a hash of the function's
 * properties, so any change publishes, as gradual always has) and an `AWS::Lambda::Alias`; with a
 * `DeploymentPreference`, the alias gets the `CodeDeployLambdaAliasUpdate` update policy, and the
 * stack a `ServerlessDeploymentApplication` and one `<Fn>DeploymentGroup` per function.
 */
export function samTransform(template: Record<string, unknown>, accountId: string): ProcessedTemplate {
  const resources = template['Resources'];
  if (!isRecord(resources)) throw new TemplateError('Resources', 'must be a mapping');
  const globals = isRecord(template['Globals']) ? template['Globals'] : {};
  for (const key of Object.keys(globals))
    if (!['Function', 'Api', 'HttpApi'].includes(key))
      throw new TemplateError(`Globals.${key}`, 'is not supported by gradual');
  const forApis = apiGlobals(globals);
  const globalFunction = isRecord(globals['Function']) ? globals['Function'] : {};
  const out: Record<string, ResourceDefinition> = {};
  const aliases = new Map<string, string>();
  const versions = new Map<string, string>();
  let application = false;
  const restRoutes: ApiRoute[] = [];
  const httpRoutes: ApiRoute[] = [];
  const apis: Record<string, Record<string, unknown>> = {};

  for (const [id, raw] of Object.entries(resources)) {
    if (isRecord(raw) && raw['Type'] === 'AWS::Serverless::StateMachine') {
      Object.assign(out, samStateMachine(id, raw));
      continue;
    }
    if (isRecord(raw) && isExplicitApi(raw['Type'])) {
      apis[id] = forApis.merged(raw);
      continue;
    }
    if (!isRecord(raw) || raw['Type'] !== FUNCTION) {
      out[id] = raw as ResourceDefinition;
      continue;
    }
    const path = `Resources.${id}.Properties`;
    const props = mergeGlobals(globalFunction, raw['Properties'] ?? {}) as Record<string, unknown>;
    // A misspelt name is told apart from SAM's own that gradual does not carry out.
    checkNames(props, path, {
      known: SAM_FUNCTION_PROPERTIES,
      supported: FUNCTION_PROPERTIES,
      what: 'SAM (AWS::Serverless::Function)',
    });
    const common: Partial<ResourceDefinition> = {};
    if (typeof raw['Condition'] === 'string') common.Condition = raw['Condition'];
    const execution = samExecutionRole(id, props, path, common);
    if (execution.resource) out[`${id}Role`] = execution.resource;
    const fn: Record<string, unknown> = {
      Code: codeOf(props['CodeUri'], props['InlineCode'], path),
      Role: execution.role,
      Tags: [
        { Key: 'lambda:createdBy', Value: 'SAM' },
        ...Object.entries(isRecord(props['Tags']) ? props['Tags'] : {}).map(([Key, Value]) => ({
          Key,
          Value,
        })),
      ],
    };
    for (const key of [
      'FunctionName',
      'Handler',
      'Runtime',
      'MemorySize',
      'Timeout',
      'Environment',
      'Architectures',
      'ReservedConcurrentExecutions',
    ])
      if (props[key] !== undefined) fn[key] = props[key];
    const sha = props['AutoPublishCodeSha256'];
    // SAM appends AutoPublishCodeSha256 to the description, so Lambda sees a change and publishes.
    if (props['Description'] !== undefined || sha !== undefined)
      fn['Description'] =
        sha === undefined
          ? props['Description']
          : props['Description'] === undefined
            ? sha
            : { 'Fn::Join': [' ', [props['Description'], sha]] };
    out[id] = {
      Type: 'AWS::Lambda::Function',
      Properties: fn,
      ...common,
      ...(raw['DependsOn'] ? { DependsOn: raw['DependsOn'] as string[] } : {}),
    };

    const alias = props['AutoPublishAlias'];
    const events = functionApiEvents(
      id,
      props['Events'],
      typeof alias === 'string' ? aliasLogicalId(id, alias) : undefined,
      path,
      common,
    );
    restRoutes.push(...events.rest);
    httpRoutes.push(...events.http);
    Object.assign(out, events.resources);
    const preference = isRecord(props['DeploymentPreference']) ? props['DeploymentPreference'] : undefined;
    const enabled =
      preference !== undefined && ![false, 'false', 'False'].includes(preference['Enabled'] as never);
    if (alias !== undefined && typeof alias !== 'string')
      throw new TemplateError(`${path}.AutoPublishAlias`, 'must be a string');
    const target: FunctionTarget = {
      id,
      path,
      common,
      ...(alias !== undefined ? { alias: { name: alias, logicalId: aliasLogicalId(id, alias) } } : {}),
    };
    Object.assign(out, samFunctionUrl(props['FunctionUrlConfig'], target));
    Object.assign(out, samEventInvokeConfig(props['EventInvokeConfig'], target));
    const provisioned = provisionedConcurrency(props['ProvisionedConcurrencyConfig'], target);
    if (alias === undefined) {
      if (enabled)
        throw new TemplateError(`${path}.DeploymentPreference`, "'AutoPublishAlias' property is required");
      continue;
    }
    const hash = createHash('sha256').update(JSON.stringify(fn)).digest('hex').slice(0, 10);
    const versionId = `${id}Version${hash}`;
    const aliasId = aliasLogicalId(id, alias);
    versions.set(id, versionId);
    aliases.set(id, aliasId);
    out[versionId] = {
      Type: 'AWS::Lambda::Version',
      DeletionPolicy: 'Retain',
      Properties: { FunctionName: { Ref: id } },
      ...common,
    };
    const aliasDef: ResourceDefinition = {
      Type: 'AWS::Lambda::Alias',
      Properties: {
        Name: alias,
        FunctionName: { Ref: id },
        FunctionVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
        ...provisioned,
      },
      ...common,
    };
    if (enabled && preference) {
      application = true;
      const type = preference['Type'];
      if (type === undefined) throw new TemplateError(`${path}.DeploymentPreference.Type`, 'is required');
      // A near miss of a short type is refused here, before anything is created.
      const problem = typeof type === 'string' ? deploymentTypeProblem(type) : undefined;
      if (problem) throw new TemplateError(`${path}.DeploymentPreference.Type`, problem);
      const hooks = isRecord(preference['Hooks']) ? preference['Hooks'] : {};
      const alarms = Array.isArray(preference['Alarms']) ? preference['Alarms'] : [];
      out[`${id}DeploymentGroup`] = {
        Type: 'AWS::CodeDeploy::DeploymentGroup',
        Properties: {
          ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
          DeploymentConfigName: typeof type === 'string' ? configNameOf(type) : type,
          DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
          AutoRollbackConfiguration: {
            Enabled: true,
            Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
          },
          ...(alarms.length
            ? { AlarmConfiguration: { Enabled: true, Alarms: alarms.map((Name: unknown) => ({ Name })) } }
            : {}),
          ServiceRoleArn: preference['Role'] ?? `arn:aws:iam::${accountId}:role/CodeDeployServiceRole`,
        },
        ...common,
      };
      aliasDef.UpdatePolicy = {
        CodeDeployLambdaAliasUpdate: {
          ApplicationName: { Ref: 'ServerlessDeploymentApplication' },
          DeploymentGroupName: { Ref: `${id}DeploymentGroup` },
          ...(hooks['PreTraffic'] !== undefined ? { BeforeAllowTrafficHook: hooks['PreTraffic'] } : {}),
          ...(hooks['PostTraffic'] !== undefined ? { AfterAllowTrafficHook: hooks['PostTraffic'] } : {}),
        },
      };
    }
    out[aliasId] = aliasDef;
  }
  const implicit = (r: ApiRoute): boolean => r.api === undefined;
  Object.assign(out, implicitApis(restRoutes.filter(implicit), httpRoutes.filter(implicit), forApis));
  Object.assign(out, explicitApis(apis, { rest: restRoutes, http: httpRoutes }));
  if (application)
    out['ServerlessDeploymentApplication'] = {
      Type: 'AWS::CodeDeploy::Application',
      Properties: { ComputePlatform: 'Lambda' },
    };
  const processed: ProcessedTemplate = { Resources: rewriteRefs(out, aliases, versions) };
  for (const key of ['Description', 'Parameters', 'Mappings', 'Conditions'] as const)
    if (template[key] !== undefined) (processed as unknown as Record<string, unknown>)[key] = template[key];
  if (template['Outputs'] !== undefined)
    processed.Outputs = rewriteRefs(template['Outputs'], aliases, versions) as Record<string, unknown>;
  return processed;
}

/** SAM's `!Ref Fn.Alias` and `!Ref Fn.Version` become refs to the generated resources. */
function rewriteRefs<T>(value: T, aliases: Map<string, string>, versions: Map<string, string>): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isRecord(v)) return v;
    const ref = v['Ref'];
    if (typeof ref === 'string' && Object.keys(v).length === 1) {
      const m = /^(.+)\.(Alias|Version)$/.exec(ref);
      const target = m ? (m[2] === 'Alias' ? aliases : versions).get(m[1]!) : undefined;
      if (target) return { Ref: target };
    }
    const sub = v['Fn::Sub'];
    if (typeof sub === 'string' && Object.keys(v).length === 1)
      return {
        'Fn::Sub': sub.replace(/\$\{([^}!]+)\.(Alias|Version)\}/g, (all, fn: string, what: string) => {
          const target = (what === 'Alias' ? aliases : versions).get(fn);
          return target ? `\${${target}}` : all;
        }),
      };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(value) as T;
}

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import {
  DEPRECATED_RUNTIMES,
  ENVIRONMENT_KEY,
  MEMORY_SIZE,
  RESERVED_ENVIRONMENT_KEYS,
  SUPPORTED_RUNTIMES,
  TIMEOUT_SECONDS,
} from '../../contracts/function-config.js';
import { configNameOf, deploymentTypeProblem } from '../../common/template/deployment-types.js';
import { TemplateError } from '../../common/template/errors.js';
import { resolveString, resolveValue, type ResolveContext } from '../../common/template/intrinsics.js';
import { executionRole } from './execution-role.js';
import type { DeploymentPlan, EventPlan, FunctionPlan, FunctionUrlPlan } from './model.js';
import {
  checkNames,
  nearest,
  SAM_DEPLOYMENT_PREFERENCE,
  SAM_EVENT,
  SAM_FUNCTION_PROPERTIES,
  SAM_FUNCTION_URL_CONFIG,
  SAM_HOOKS,
} from '../../common/template/sam-names.js';
import { isRecord } from '../../common/is-record.js';

/** The function properties gradual carries out. */
export const FUNCTION_PROPERTIES = new Set([
  'FunctionName',
  'CodeUri',
  'Handler',
  'Runtime',
  'MemorySize',
  'Timeout',
  'Description',
  'Environment',
  'ReservedConcurrentExecutions',
  'Tags',
  'AutoPublishAlias',
  'AutoPublishCodeSha256',
  'DeploymentPreference',
  'Events',
  'FunctionUrlConfig',
  'Policies',
  'Role',
]);

const ALIAS_NAME = /^(?![0-9]+$)[a-zA-Z0-9-_]+$/;

export interface FunctionInput {
  logicalId: string;
  name: string;
  properties: Record<string, unknown>;
  baseDir: string;
  groupName: string;
  ctx: ResolveContext;
  warn: (message: string) => void;
}

const API_EVENT = [
  'Auth',
  'Method',
  'Path',
  'RequestModel',
  'RequestParameters',
  'RestApiId',
  'TimeoutInMillis',
];
const HTTP_API_EVENT = [
  'ApiId',
  'Auth',
  'Method',
  'Path',
  'PayloadFormatVersion',
  'RouteSettings',
  'TimeoutInMillis',
];
const SAM = 'SAM';

function inRange(
  n: number | undefined,
  range: { min: number; max: number },
  path: string,
  unit: string,
): void {
  if (n !== undefined && (n < range.min || n > range.max))
    throw new TemplateError(path, `${n} is outside Lambda's ${range.min} to ${range.max} ${unit}`);
}

/** A runtime gradual runs, or why not (with the name meant, for a slip). */
function runtime(value: string, path: string): string {
  if ((SUPPORTED_RUNTIMES as readonly string[]).includes(value)) return value;
  if ((DEPRECATED_RUNTIMES as readonly string[]).includes(value))
    throw new TemplateError(path, `${value} is no longer supported by Lambda for new or updated functions`);
  const guess = nearest(value, SUPPORTED_RUNTIMES);
  throw new TemplateError(
    path,
    `${value} is not a runtime gradual runs${guess ? ` (did you mean ${guess}?)` : ''}; it runs ${SUPPORTED_RUNTIMES.join(', ')}`,
  );
}

function environmentKeys(variables: Record<string, string>, path: string): void {
  for (const key of Object.keys(variables)) {
    if (!ENVIRONMENT_KEY.test(key))
      throw new TemplateError(`${path}.${key}`, 'is not a valid variable name ([a-zA-Z][a-zA-Z0-9_]+)');
    if (RESERVED_ENVIRONMENT_KEYS.includes(key))
      throw new TemplateError(`${path}.${key}`, 'is reserved: Lambda sets it itself');
  }
}

function integer(value: unknown, path: string, ctx: ResolveContext): number | undefined {
  if (value === undefined) return undefined;
  const raw = resolveValue(value, path, ctx);
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new TemplateError(path, 'must be an integer');
  return n;
}

function stringMap(value: unknown, path: string, ctx: ResolveContext): Record<string, string> {
  if (value === undefined) return {};
  const resolved = resolveValue(value, path, ctx);
  if (!isRecord(resolved)) throw new TemplateError(path, 'must be a mapping of names to strings');
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(resolved)) out[key] = resolveString(item, `${path}.${key}`, ctx);
  return out;
}

function codeUri(value: unknown, path: string, baseDir: string, ctx: ResolveContext): string {
  if (value === undefined) throw new TemplateError(path, 'is required (a local folder or .zip file)');
  const resolved = resolveValue(value, path, ctx);
  if (typeof resolved !== 'string' || resolved.startsWith('s3://'))
    throw new TemplateError(
      path,
      'must be a local folder or .zip file (S3 locations are not supported by gradual)',
    );
  const full = isAbsolute(resolved) ? resolved : resolve(baseDir, resolved);
  if (!existsSync(full)) throw new TemplateError(path, `${resolved} does not exist`);
  if (statSync(full).isFile() && !full.endsWith('.zip'))
    throw new TemplateError(path, `${resolved} must be a folder or a .zip file`);
  return full;
}

function deploymentPreference(
  value: unknown,
  path: string,
  alias: string | undefined,
  groupName: string,
  ctx: ResolveContext,
  warn: (message: string) => void,
): DeploymentPlan | undefined {
  if (value === undefined) return undefined;
  const pref = resolveValue(value, path, ctx);
  if (!isRecord(pref)) throw new TemplateError(path, 'must be a mapping');
  checkNames(pref, path, {
    known: SAM_DEPLOYMENT_PREFERENCE,
    supported: ['Type', 'Alarms', 'Hooks', 'Enabled', 'Role'],
    what: SAM,
  });
  const enabled = pref['Enabled'];
  if (enabled === false || enabled === 'false' || enabled === 'False') return undefined;
  if (enabled !== undefined && enabled !== true && enabled !== 'true' && enabled !== 'True')
    throw new TemplateError(`${path}.Enabled`, 'must be true or false');
  if (!alias) throw new TemplateError(path, 'requires AutoPublishAlias to be specified');
  if (pref['Role'] !== undefined)
    warn(`${path}.Role: ignored (gradual's CodeDeploy shifts traffic with the server's own authority)`);
  const type = pref['Type'];
  if (type === undefined) throw new TemplateError(`${path}.Type`, 'is required');
  if (typeof type !== 'string') throw new TemplateError(`${path}.Type`, 'must be a string');
  const configName = configNameOf(type);
  // A custom config's name is checked against the server before anything changes.
  const problem = deploymentTypeProblem(type);
  if (problem) throw new TemplateError(`${path}.Type`, problem);
  const alarms = pref['Alarms'] ?? [];
  if (!Array.isArray(alarms)) throw new TemplateError(`${path}.Alarms`, 'must be a list');
  const plan: DeploymentPlan = {
    configName,
    groupName,
    alarms: alarms.map((a, i) => resolveString(a, `${path}.Alarms[${i}]`, ctx)),
  };
  const hooks = pref['Hooks'];
  if (hooks !== undefined) {
    if (!isRecord(hooks)) throw new TemplateError(`${path}.Hooks`, 'must be a mapping');
    checkNames(hooks, `${path}.Hooks`, { known: SAM_HOOKS, supported: SAM_HOOKS, what: SAM });
    if (hooks['PreTraffic'] !== undefined)
      plan.preTraffic = resolveString(hooks['PreTraffic'], `${path}.Hooks.PreTraffic`, ctx);
    if (hooks['PostTraffic'] !== undefined)
      plan.postTraffic = resolveString(hooks['PostTraffic'], `${path}.Hooks.PostTraffic`, ctx);
  }
  return plan;
}

function events(value: unknown, path: string, ctx: ResolveContext): EventPlan[] {
  if (value === undefined) return [];
  if (!isRecord(value)) throw new TemplateError(path, 'must be a mapping of event names to events');
  return Object.entries(value).map(([name, event]) => {
    const at = `${path}.${name}`;
    if (!isRecord(event)) throw new TemplateError(at, 'must be a mapping with Type and Properties');
    checkNames(event, at, { known: SAM_EVENT, supported: SAM_EVENT, what: SAM });
    const type = event['Type'];
    if (type !== 'Api' && type !== 'HttpApi')
      throw new TemplateError(
        `${at}.Type`,
        `${String(type)} is not supported by gradual (only Api and HttpApi)`,
      );
    const props = resolveValue(event['Properties'] ?? {}, `${at}.Properties`, ctx);
    if (!isRecord(props)) throw new TemplateError(`${at}.Properties`, 'must be a mapping');
    const plan: EventPlan = { path: at, name, type };
    if (type === 'Api') {
      checkNames(props, `${at}.Properties`, {
        known: API_EVENT,
        supported: ['Path', 'Method', 'RestApiId'],
        what: 'SAM (Api events)',
      });
      for (const key of ['Path', 'Method'])
        if (props[key] === undefined) throw new TemplateError(`${at}.Properties.${key}`, 'is required');
    } else {
      checkNames(props, `${at}.Properties`, {
        known: HTTP_API_EVENT,
        supported: ['Path', 'Method', 'ApiId'],
        what: 'SAM (HttpApi events)',
      });
      // Neither: SAM's `$default` route (everything no other route takes).
      if (props['Method'] !== undefined && props['Path'] === undefined)
        throw new TemplateError(`${at}.Properties.Path`, 'is required with Method');
    }
    if (props['Path'] !== undefined)
      plan.routePath = resolveString(props['Path'], `${at}.Properties.Path`, ctx);
    if (props['Method'] !== undefined)
      plan.method = resolveString(props['Method'], `${at}.Properties.Method`, ctx).toUpperCase();
    const api = props['RestApiId'] ?? props['ApiId'];
    if (api !== undefined)
      plan.restApiId = resolveString(api, `${at}.Properties.${type === 'Api' ? 'RestApiId' : 'ApiId'}`, ctx);
    return plan;
  });
}

function functionUrl(value: unknown, path: string, ctx: ResolveContext): FunctionUrlPlan | undefined {
  if (value === undefined) return undefined;
  const config = resolveValue(value, path, ctx);
  if (!isRecord(config)) throw new TemplateError(path, 'must be a mapping');
  checkNames(config, path, { known: SAM_FUNCTION_URL_CONFIG, supported: SAM_FUNCTION_URL_CONFIG, what: SAM });
  const authType = config['AuthType'];
  if (authType !== 'NONE' && authType !== 'AWS_IAM')
    throw new TemplateError(`${path}.AuthType`, 'must be NONE or AWS_IAM');
  if (config['InvokeMode'] !== undefined && config['InvokeMode'] !== 'BUFFERED')
    throw new TemplateError(
      `${path}.InvokeMode`,
      `${typeof config['InvokeMode'] === 'string' ? config['InvokeMode'] : 'this value'} is not supported by gradual`,
    );
  const cors = config['Cors'];
  if (cors !== undefined && !isRecord(cors)) throw new TemplateError(`${path}.Cors`, 'must be a mapping');
  return { path, authType, ...(cors ? { cors } : {}) };
}

/** An `AWS::Serverless::Function` (Globals already merged into `properties`) as a plan. */
export function functionPlan(input: FunctionInput): FunctionPlan {
  const { logicalId, properties: p, baseDir, ctx, warn } = input;
  const path = `Resources.${logicalId}.Properties`;
  checkNames(p, path, {
    known: SAM_FUNCTION_PROPERTIES,
    supported: FUNCTION_PROPERTIES,
    what: 'SAM (AWS::Serverless::Function)',
  });
  for (const key of ['Handler', 'Runtime'])
    if (p[key] === undefined) throw new TemplateError(`${path}.${key}`, 'is required');
  let alias: string | undefined;
  if (p['AutoPublishAlias'] !== undefined) {
    alias = resolveString(p['AutoPublishAlias'], `${path}.AutoPublishAlias`, ctx);
    if (!ALIAS_NAME.test(alias))
      throw new TemplateError(`${path}.AutoPublishAlias`, `${alias} is not a valid alias name`);
  }
  let description =
    p['Description'] === undefined ? undefined : resolveString(p['Description'], `${path}.Description`, ctx);
  if (p['AutoPublishCodeSha256'] !== undefined) {
    if (!alias) throw new TemplateError(`${path}.AutoPublishCodeSha256`, 'requires AutoPublishAlias');
    // SAM appends it to the Description, so Lambda sees a change and a version is published.
    const sha = resolveString(p['AutoPublishCodeSha256'], `${path}.AutoPublishCodeSha256`, ctx);
    description = description ? `${description} ${sha}` : sha;
  }
  const environment = p['Environment'];
  if (
    environment !== undefined &&
    (!isRecord(environment) || Object.keys(environment).some((k) => k !== 'Variables'))
  )
    throw new TemplateError(`${path}.Environment`, 'must be a mapping with Variables only');
  const plan: FunctionPlan = {
    logicalId,
    name: input.name,
    codeUri: codeUri(p['CodeUri'], `${path}.CodeUri`, baseDir, ctx),
    handler: resolveString(p['Handler'], `${path}.Handler`, ctx),
    runtime: runtime(resolveString(p['Runtime'], `${path}.Runtime`, ctx), `${path}.Runtime`),
    environment: stringMap(environment?.['Variables'], `${path}.Environment.Variables`, ctx),
    tags: stringMap(p['Tags'], `${path}.Tags`, ctx),
    events: events(p['Events'], `${path}.Events`, ctx),
    executionRole: executionRole(p['Role'], p['Policies'], path, ctx),
  };
  const memorySize = integer(p['MemorySize'], `${path}.MemorySize`, ctx);
  const timeout = integer(p['Timeout'], `${path}.Timeout`, ctx);
  const reserved = integer(p['ReservedConcurrentExecutions'], `${path}.ReservedConcurrentExecutions`, ctx);
  inRange(memorySize, MEMORY_SIZE, `${path}.MemorySize`, 'MB');
  inRange(timeout, TIMEOUT_SECONDS, `${path}.Timeout`, 'seconds');
  if (reserved !== undefined && reserved < 0)
    throw new TemplateError(`${path}.ReservedConcurrentExecutions`, 'must be 0 or more');
  environmentKeys(plan.environment, `${path}.Environment.Variables`);
  if (plan.handler.trim() === '') throw new TemplateError(`${path}.Handler`, 'must not be empty');
  if (memorySize !== undefined) plan.memorySize = memorySize;
  if (timeout !== undefined) plan.timeout = timeout;
  if (reserved !== undefined) plan.reservedConcurrency = reserved;
  if (description !== undefined) plan.description = description;
  if (alias !== undefined) plan.autoPublishAlias = alias;
  const deployment = deploymentPreference(
    p['DeploymentPreference'],
    `${path}.DeploymentPreference`,
    alias,
    input.groupName,
    ctx,
    warn,
  );
  if (deployment) plan.deployment = deployment;
  const url = functionUrl(p['FunctionUrlConfig'], `${path}.FunctionUrlConfig`, ctx);
  if (url) plan.functionUrl = url;
  return plan;
}

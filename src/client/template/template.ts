import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { alarmPlan } from './alarm.js';
import { TemplateError, unsupported } from '../../common/template/errors.js';
import { FUNCTION_PROPERTIES, functionPlan } from './function.js';
import { mergeGlobals } from '../../common/template/globals.js';
import {
  resolveCondition,
  resolveString,
  resolveValue,
  type ResolveContext,
} from '../../common/template/intrinsics.js';
import type { FunctionPlan, OutputPlan, StackPlan } from './model.js';
import { resolveParameters } from '../../common/template/parameters.js';
import {
  CFN_RESOURCE_ATTRIBUTES,
  checkNames,
  SAM_FUNCTION_PROPERTIES,
} from '../../common/template/sam-names.js';
import { loadTemplate } from '../../common/template/yaml.js';
import { SAM_TRANSFORM, TEMPLATE_SECTIONS } from '../../common/template/sections.js';
import { isRecord } from '../../common/is-record.js';

export interface TemplateOptions {
  stackName: string;
  region: string;
  accountId: string;
  /** Relative CodeUri paths are resolved from here (the template's folder). */
  baseDir: string;
  parameterOverrides?: Readonly<Record<string, string>>;
}

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'Condition',
  'DependsOn',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
]);
const FUNCTION = 'AWS::Serverless::Function';
const ALARM = 'AWS::CloudWatch::Alarm';

function record(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new TemplateError(path, 'must be a mapping');
  return value;
}

/** Lambda's limit; SAM's generated names are `<stack>-<LogicalId>-<random>`, ours drop the random part. */
function defaultName(stack: string, logicalId: string, max: number): string {
  return `${stack}-${logicalId}`.slice(0, max);
}

/** Reads a template file and plans it; relative CodeUris are resolved from the template's folder. */
export function planTemplateFile(
  file: string,
  options: Omit<TemplateOptions, 'baseDir'> & { baseDir?: string },
): StackPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TemplateError('', `cannot read template ${file}: ${(e as Error).message}`);
  }
  return planTemplate(text, { ...options, baseDir: options.baseDir ?? dirname(resolve(file)) });
}

/** A SAM template (text) -> the resolved plan of what the stack holds. Pure but for CodeUri checks. */
export function planTemplate(text: string, options: TemplateOptions): StackPlan {
  const template = loadTemplate(text);
  for (const key of Object.keys(template)) if (!TEMPLATE_SECTIONS.has(key)) throw unsupported(key);
  const { stackName, region, accountId } = options;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName))
    throw new TemplateError(
      '--stack-name',
      `${stackName} must start with a letter and hold only letters, digits and -`,
    );

  const parameters = resolveParameters(template['Parameters'], options.parameterOverrides ?? {});
  parameters.set('AWS::Region', region);
  parameters.set('AWS::AccountId', accountId);
  parameters.set('AWS::StackName', stackName);
  parameters.set('AWS::StackId', `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/gradual`);
  parameters.set('AWS::Partition', 'aws');
  parameters.set('AWS::URLSuffix', 'amazonaws.com');

  const resources = template['Resources'];
  if (!isRecord(resources) || Object.keys(resources).length === 0)
    throw new TemplateError('Resources', 'must be a mapping with at least one resource');
  const conditions = record(template['Conditions'], 'Conditions');
  const globals = record(template['Globals'], 'Globals');
  for (const key of Object.keys(globals)) if (key !== 'Function') throw unsupported(`Globals.${key}`);
  const globalFunction = record(globals['Function'], 'Globals.Function');
  checkNames(globalFunction, 'Globals.Function', {
    known: SAM_FUNCTION_PROPERTIES,
    supported: [...FUNCTION_PROPERTIES].filter((k) => k !== 'FunctionName' && k !== 'Events'),
    what: 'SAM (AWS::Serverless::Function)',
  });

  const types = new Map<string, string>();
  for (const [id, resource] of Object.entries(resources)) {
    const path = `Resources.${id}`;
    if (!isRecord(resource)) throw new TemplateError(path, 'must be a mapping with a Type');
    checkNames(resource, path, {
      known: CFN_RESOURCE_ATTRIBUTES,
      supported: RESOURCE_KEYS,
      what: 'CloudFormation (resource attributes)',
    });
    const type = resource['Type'];
    if (typeof type !== 'string') throw new TemplateError(`${path}.Type`, 'is required');
    if (type !== FUNCTION && type !== ALARM)
      throw new TemplateError(`${path}.Type`, `${type} is not supported by gradual`);
    types.set(id, type);
  }
  if ([...types.values()].includes(FUNCTION)) {
    const transform = template['Transform'];
    const transforms: unknown[] = Array.isArray(transform)
      ? transform
      : transform === undefined
        ? []
        : [transform];
    if (!transforms.includes(SAM_TRANSFORM))
      throw new TemplateError('Transform', `must be ${SAM_TRANSFORM} for ${FUNCTION} resources`);
    const other = transforms.find((t) => t !== SAM_TRANSFORM);
    if (other !== undefined)
      throw new TemplateError('Transform', `${JSON.stringify(other)} is not supported by gradual`);
  }

  // Conditions, names and resource inclusion are computed on demand; cycles are errors.
  const conditionValues = new Map<string, boolean>();
  const evaluating = new Set<string>();
  const names = new Map<string, string>();
  const naming = new Set<string>();
  const applicationName = `${stackName}-ServerlessDeploymentApplication`;
  const groupName = (fn: string): string => `${stackName}-${fn}DeploymentGroup`;
  const arn = (service: string, rest: string): string => `arn:aws:${service}:${region}:${accountId}:${rest}`;

  // Values the server assigns (the API's id, function URLs) are known only after deploying: Outputs
  // may use them, as markers the deployer fills in; anywhere else they are an error.
  let inOutputs = false;
  const deferred = (name: string, path: string): string => {
    if (!inOutputs)
      throw new TemplateError(
        path,
        `${name} is only known after deploying; gradual allows it in Outputs only`,
      );
    return `{{${name}}}`;
  };
  const hasEvents = (type: 'Api' | 'HttpApi'): boolean =>
    functionIds().some((id) => {
      const events = propertiesOf(id)['Events'];
      return isRecord(events) && Object.values(events).some((e) => isRecord(e) && e['Type'] === type);
    });
  const ctx: ResolveContext = {
    parameters,
    mappings: record(template['Mappings'], 'Mappings'),
    condition(name, path) {
      const known = conditionValues.get(name);
      if (known !== undefined) return known;
      if (!(name in conditions)) throw new TemplateError(path, `unknown condition ${name}`);
      if (evaluating.has(name)) throw new TemplateError(`Conditions.${name}`, 'refers to itself');
      evaluating.add(name);
      const value = resolveCondition(conditions[name], `Conditions.${name}`, ctx);
      evaluating.delete(name);
      conditionValues.set(name, value);
      return value;
    },
    resourceRef(name, path) {
      if (types.has(name)) return nameOf(name, path);
      const dot = name.indexOf('.');
      if (dot > 0 && types.get(name.slice(0, dot)) === FUNCTION) {
        const [fn, what] = [name.slice(0, dot), name.slice(dot + 1)];
        if (what === 'Alias') return aliasArn(fn, path);
        if (what === 'Version')
          throw new TemplateError(
            path,
            `${name}: the version is only known while deploying; not supported by gradual`,
          );
        return undefined;
      }
      if (name === 'ServerlessDeploymentApplication' && functionIds().some((id) => preference(id)))
        return applicationName;
      if (name === 'ServerlessRestApi' && hasEvents('Api')) return deferred(name, path);
      if (name === 'ServerlessHttpApi' && hasEvents('HttpApi')) return deferred(name, path);
      const group = /^(.+)DeploymentGroup$/.exec(name);
      if (group && types.get(group[1]!) === FUNCTION && preference(group[1]!)) return groupName(group[1]!);
      for (const id of functionIds()) {
        const alias = aliasOf(id);
        if (alias && name === `${id}Alias${alias.replace(/-/g, 'D').replace(/_/g, 'U')}`)
          return aliasArn(id, path);
      }
      return undefined;
    },
    resourceAttr(id, attribute, path) {
      const url = /^(.+)Url$/.exec(id);
      if (url && types.get(url[1]!) === FUNCTION && attribute === 'FunctionUrl' && !types.has(id)) {
        if (propertiesOf(url[1]!)['FunctionUrlConfig'] !== undefined)
          return deferred(`${id}.${attribute}`, path);
      }
      const type = types.get(id);
      if (!type) throw new TemplateError(path, `unresolved reference: ${id} is not a resource`);
      if (attribute === 'Arn') {
        const name = nameOf(id, path);
        return type === FUNCTION ? arn('lambda', `function:${name}`) : arn('cloudwatch', `alarm:${name}`);
      }
      throw new TemplateError(path, `attribute ${attribute} of ${id} is not supported by gradual`);
    },
  };

  const resourceOf = (id: string): Record<string, unknown> => resources[id] as Record<string, unknown>;
  const included = (id: string): boolean => {
    const condition = resourceOf(id)['Condition'];
    if (condition === undefined) return true;
    if (typeof condition !== 'string')
      throw new TemplateError(`Resources.${id}.Condition`, 'must be a condition name');
    return ctx.condition(condition, `Resources.${id}.Condition`);
  };
  const functionIds = (): string[] => [...types].filter(([, t]) => t === FUNCTION).map(([id]) => id);
  const propertiesOf = (id: string): Record<string, unknown> => {
    const own = record(resourceOf(id)['Properties'], `Resources.${id}.Properties`);
    return types.get(id) === FUNCTION ? (mergeGlobals(globalFunction, own) as Record<string, unknown>) : own;
  };
  const aliasOf = (id: string): string | undefined => {
    const value = propertiesOf(id)['AutoPublishAlias'];
    return value === undefined
      ? undefined
      : resolveString(value, `Resources.${id}.Properties.AutoPublishAlias`, ctx);
  };
  const preference = (id: string): boolean => {
    const pref = propertiesOf(id)['DeploymentPreference'];
    if (pref === undefined) return false;
    const enabled = resolveValue(
      isRecord(pref) ? pref['Enabled'] : undefined,
      `Resources.${id}.Properties.DeploymentPreference.Enabled`,
      ctx,
    );
    return !(enabled === false || enabled === 'false' || enabled === 'False');
  };
  const aliasArn = (id: string, path: string): string => {
    const alias = aliasOf(id);
    if (!alias) throw new TemplateError(path, `${id}.Alias: ${id} has no AutoPublishAlias`);
    return arn('lambda', `function:${nameOf(id, path)}:${alias}`);
  };
  function nameOf(id: string, path: string): string {
    const known = names.get(id);
    if (known !== undefined) return known;
    if (!included(id)) throw new TemplateError(path, `${id} is not created: its Condition is false`);
    if (naming.has(id)) throw new TemplateError(path, `the name of ${id} depends on itself`);
    naming.add(id);
    const props = propertiesOf(id);
    const key = types.get(id) === FUNCTION ? 'FunctionName' : 'AlarmName';
    const name =
      props[key] === undefined
        ? defaultName(stackName, id, types.get(id) === FUNCTION ? 64 : 255)
        : resolveString(props[key], `Resources.${id}.Properties.${key}`, ctx);
    naming.delete(id);
    names.set(id, name);
    return name;
  }

  const warnings: string[] = [];
  const plan: StackPlan = {
    stackName,
    region,
    accountId,
    applicationName,
    functions: [],
    alarms: [],
    outputs: [],
    warnings,
  };
  for (const [id, type] of types) {
    if (!included(id)) continue;
    const name = nameOf(id, `Resources.${id}`);
    if (type === ALARM) plan.alarms.push(alarmPlan(id, name, propertiesOf(id), ctx));
    else
      plan.functions.push(
        functionPlan({
          logicalId: id,
          name,
          properties: propertiesOf(id),
          baseDir: options.baseDir,
          groupName: groupName(id),
          ctx,
          warn: (m) => warnings.push(m),
        }),
      );
  }
  checkHooks(plan.functions);
  inOutputs = true;
  plan.outputs = outputs(record(template['Outputs'], 'Outputs'), ctx);
  return plan;
}

/** A hook function must not itself be deployed gradually (SAM's rule): it would wait on itself. */
function checkHooks(functions: FunctionPlan[]): void {
  const byName = new Map(functions.map((f) => [f.name, f]));
  for (const fn of functions) {
    for (const hook of [fn.deployment?.preTraffic, fn.deployment?.postTraffic]) {
      const target = hook === undefined ? undefined : byName.get(hook);
      if (target?.deployment)
        throw new TemplateError(
          `Resources.${target.logicalId}.Properties.DeploymentPreference`,
          `${target.logicalId} is a deployment hook of ${fn.logicalId}, so it cannot have a DeploymentPreference itself (set Enabled: false)`,
        );
    }
  }
}

function outputs(declared: Record<string, unknown>, ctx: ResolveContext): OutputPlan[] {
  const out: OutputPlan[] = [];
  for (const [name, spec] of Object.entries(declared)) {
    const path = `Outputs.${name}`;
    if (!isRecord(spec)) throw new TemplateError(path, 'must be a mapping with a Value');
    for (const key of Object.keys(spec))
      if (!['Value', 'Description', 'Condition'].includes(key)) throw unsupported(`${path}.${key}`);
    if (typeof spec['Condition'] === 'string' && !ctx.condition(spec['Condition'], `${path}.Condition`))
      continue;
    if (spec['Value'] === undefined) throw new TemplateError(`${path}.Value`, 'is required');
    const output: OutputPlan = { name, value: resolveString(spec['Value'], `${path}.Value`, ctx) };
    if (spec['Description'] !== undefined)
      output.description = resolveString(spec['Description'], `${path}.Description`, ctx);
    out.push(output);
  }
  return out;
}

/** Outputs with the values known only after deploying filled in (unknown ones left as written). */
export function deferredOutputs(
  outputs: readonly OutputPlan[],
  values: Readonly<Record<string, string | undefined>>,
): OutputPlan[] {
  return outputs.map((o) => ({
    ...o,
    value: o.value.replace(/\{\{([^}]+)\}\}/g, (marker, name: string) => values[name] ?? marker),
  }));
}

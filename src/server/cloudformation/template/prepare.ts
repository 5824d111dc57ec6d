import { TemplateError } from '../../../common/template/errors.js';
import { resolveParameters } from '../../../common/template/parameters.js';
import { loadTemplate } from '../../../common/template/yaml.js';
import { TEMPLATE_SECTIONS } from '../../../common/template/sections.js';
import { ValidationError } from '../errors.js';
import type { Parameter, ProcessedTemplate } from '../model.js';
import { earlyProblem } from './early-checks.js';
import { dependencyGraph } from './graph.js';
import { typeSpec } from './resource-types.js';
import { SAM_TRANSFORM, samTransform } from './sam.js';
import { isRecord } from '../../../common/is-record.js';

const RESOURCE_KEYS = new Set([
  'Type',
  'Properties',
  'Condition',
  'DependsOn',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
]);

export interface Prepared {
  template: ProcessedTemplate;
  /** Whether the SAM transform ran. */
  transformed: boolean;
  /** Capabilities the template needs (SAM functions without a Role make one). */
  needs: string[];
  /** A template problem found after parsing: the change set fails with it, nothing is touched. */
  problem?: string;
}

/** Parses a template; a malformed one is refused at once, as CloudFormation refuses it. */
export function parseTemplate(body: string): Record<string, unknown> {
  try {
    return loadTemplate(body);
  } catch (error) {
    throw new ValidationError(`Template format error: ${(error as Error).message}`);
  }
}

/** Transforms and checks a template: every resource type and property must be one gradual carries out. */
export function prepareTemplate(body: string, accountId: string): Prepared {
  const raw = parseTemplate(body);
  for (const key of Object.keys(raw))
    if (!TEMPLATE_SECTIONS.has(key))
      throw new ValidationError(`Template format error: Invalid template property or properties [${key}]`);
  const transforms =
    raw['Transform'] === undefined
      ? []
      : Array.isArray(raw['Transform'])
        ? (raw['Transform'] as unknown[])
        : [raw['Transform']];
  const other = transforms.find((t) => t !== SAM_TRANSFORM);
  const empty: ProcessedTemplate = { Resources: {} };
  if (other !== undefined)
    return {
      template: empty,
      transformed: false,
      needs: [],
      problem: `The transform ${JSON.stringify(other)} is not supported by gradual (only ${SAM_TRANSFORM})`,
    };
  const transformed = transforms.length > 0;
  const resources = raw['Resources'];
  if (!isRecord(resources) || Object.keys(resources).length === 0)
    throw new ValidationError('Template format error: At least one Resources member must be defined.');
  // IAM resources need the caller's acknowledgement, named ones CAPABILITY_NAMED_IAM
  // ("Acknowledging IAM resources in CloudFormation templates"); SAM's functions without a Role
  // make one.
  const defs = Object.values(resources).filter(isRecord);
  const NAMES: Record<string, string> = {
    'AWS::IAM::Role': 'RoleName',
    'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  };
  const named = defs.some((r) => {
    const nameKey = NAMES[String(r['Type'])];
    return nameKey !== undefined && isRecord(r['Properties']) && r['Properties'][nameKey] !== undefined;
  });
  const iam =
    defs.some((r) => String(r['Type']) in NAMES) ||
    (transformed &&
      defs.some(
        (r) =>
          (r['Type'] === 'AWS::Serverless::Function' || r['Type'] === 'AWS::Serverless::StateMachine') &&
          !(isRecord(r['Properties']) && r['Properties']['Role'] !== undefined),
      ));
  const needs = named ? ['CAPABILITY_NAMED_IAM'] : iam ? ['CAPABILITY_IAM'] : [];
  let template: ProcessedTemplate;
  try {
    template = transformed ? samTransform(raw, accountId) : (raw as unknown as ProcessedTemplate);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return {
      template: empty,
      transformed,
      needs,
      problem: `Transform ${SAM_TRANSFORM} failed with: Invalid Serverless Application Specification document. Number of errors found: 1. ${error.message}`,
    };
  }
  const problem = checkResources(template) ?? earlyProblem(template);
  const graph = dependencyGraph(template.Resources);
  return {
    template,
    transformed,
    needs,
    ...(problem || graph.problem ? { problem: problem ?? graph.problem } : {}),
  };
}

function checkResources(template: ProcessedTemplate): string | undefined {
  for (const [id, def] of Object.entries(template.Resources)) {
    if (!isRecord(def) || typeof def.Type !== 'string')
      return `Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`;
    for (const key of Object.keys(def))
      if (!RESOURCE_KEYS.has(key))
        return `Template format error: Unrecognized resource attribute ${key} in resource ${id}`;
    const spec = typeSpec(def.Type);
    if (!spec) return `Resource ${id} has type ${def.Type}, which gradual does not support`;
    const props = def.Properties ?? {};
    for (const key of Object.keys(props))
      if (!spec.properties.includes(key))
        return `Resource ${id} (${def.Type}): the property ${key} is not supported by gradual`;
    for (const key of spec.required)
      if (props[key] === undefined)
        return `Properties validation failed for resource ${id} with message: #: required key [${key}] not found`;
  }
  return undefined;
}

/**
 * The parameter values of a create or update: given ones, previous ones where `UsePreviousValue`,
 * else defaults; checked against the template's declarations.
 */
export function parameterValues(
  template: ProcessedTemplate,
  given: readonly { key: string; value?: string; usePrevious?: boolean }[],
  previous: readonly Parameter[],
): { values: Map<string, string | string[]>; list: Parameter[] } {
  const declared = isRecord(template.Parameters) ? template.Parameters : {};
  const unknown = given.filter((p) => !(p.key in declared)).map((p) => p.key);
  if (unknown.length)
    throw new ValidationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const overrides: Record<string, string> = {};
  for (const p of given) {
    const value = p.usePrevious ? previous.find((q) => q.key === p.key)?.value : p.value;
    if (value !== undefined) overrides[p.key] = value;
  }
  const missing = Object.entries(declared)
    .filter(([k, spec]) => overrides[k] === undefined && !(isRecord(spec) && spec['Default'] !== undefined))
    .map(([k]) => k);
  if (missing.length) throw new ValidationError(`Parameters: [${missing.join(', ')}] must have values`);
  try {
    const values = resolveParameters(declared, overrides);
    const list = [...values].map(([key, v]) => ({ key, value: Array.isArray(v) ? v.join(',') : v }));
    return { values, list };
  } catch (error) {
    if (error instanceof TemplateError)
      throw new ValidationError(`Parameter validation failed: ${error.message}`);
    throw error;
  }
}

import { TemplateError } from '../../../common/template/errors.js';
import {
  resolveCondition,
  resolveString,
  resolveValue,
  type ResolveContext,
} from '../../../common/template/intrinsics.js';
import type { Output, ProcessedTemplate } from '../model.js';
import { typeSpec } from './resource-types.js';
import { isRecord } from '../../../common/is-record.js';

/** What a resource is known as once it exists. */
export interface LiveResource {
  physicalId: string | undefined;
  attributes: Record<string, string>;
}

export interface ResolveInput {
  template: ProcessedTemplate;
  /** Parameter values and the stack's pseudo parameters. */
  parameters: ReadonlyMap<string, string | string[]>;
  live(logicalId: string): LiveResource | undefined;
  /** Another stack's export, for Fn::ImportValue. */
  exported(name: string): string | undefined;
}

/** Raised when a value needs a resource that does not exist yet (change sets mark it as changing). */
export class NotYetKnown extends Error {
  constructor(readonly logicalId: string) {
    super(`${logicalId} is not created yet`);
  }
}

/** Resolves a template's intrinsics against the stack as it is: parameters, conditions, live resources. */
export class Resolver {
  readonly ctx: ResolveContext;
  private readonly conditionValues = new Map<string, boolean>();
  private readonly evaluating = new Set<string>();

  constructor(private readonly input: ResolveInput) {
    const resources = input.template.Resources;
    const conditions = input.template.Conditions ?? {};
    const liveOf = (id: string): LiveResource => {
      const found = input.live(id);
      if (!found || found.physicalId === undefined) throw new NotYetKnown(id);
      return found;
    };
    this.ctx = {
      parameters: input.parameters,
      mappings: input.template.Mappings ?? {},
      condition: (name, path) => {
        const known = this.conditionValues.get(name);
        if (known !== undefined) return known;
        if (!(name in conditions))
          throw new TemplateError(
            path,
            `Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`,
          );
        if (this.evaluating.has(name)) throw new TemplateError(`Conditions.${name}`, 'refers to itself');
        this.evaluating.add(name);
        const value = resolveCondition(conditions[name], `Conditions.${name}`, this.ctx);
        this.evaluating.delete(name);
        this.conditionValues.set(name, value);
        return value;
      },
      resourceRef: (name) => {
        if (!Object.hasOwn(resources, name)) return undefined;
        const live = liveOf(name);
        return live.attributes['Ref'] ?? live.physicalId;
      },
      resourceAttr: (id, attribute, path) => {
        const def = resources[id];
        if (!def)
          throw new TemplateError(
            path,
            `Template error: instance of Fn::GetAtt references undefined resource ${id}`,
          );
        const spec = typeSpec(def.Type);
        if (!spec?.attributes.includes(attribute))
          throw new TemplateError(
            path,
            `Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`,
          );
        const value = liveOf(id).attributes[attribute];
        if (value === undefined) throw new NotYetKnown(id);
        return value;
      },
      importValue: (name, path) => {
        const value = input.exported(name);
        if (value === undefined) throw new TemplateError(path, `No export named ${name} found.`);
        return value;
      },
    };
  }

  /** Whether the resource is in the stack: its Condition holds, or it has none. */
  included(id: string): boolean {
    const condition = this.input.template.Resources[id]?.Condition;
    return condition === undefined || this.ctx.condition(condition, `Resources.${id}.Condition`);
  }

  properties(id: string): Record<string, unknown> {
    const def = this.input.template.Resources[id];
    const resolved = resolveValue(def?.Properties ?? {}, `Resources.${id}.Properties`, this.ctx);
    return isRecord(resolved) ? resolved : {};
  }

  updatePolicy(id: string): Record<string, unknown> | undefined {
    const policy = this.input.template.Resources[id]?.UpdatePolicy;
    if (policy === undefined) return undefined;
    const resolved = resolveValue(policy, `Resources.${id}.UpdatePolicy`, this.ctx);
    return isRecord(resolved) ? resolved : undefined;
  }

  outputs(): Output[] {
    const out: Output[] = [];
    for (const [key, spec] of Object.entries(this.input.template.Outputs ?? {})) {
      if (!isRecord(spec)) continue;
      const path = `Outputs.${key}`;
      if (
        typeof spec['Condition'] === 'string' &&
        !this.ctx.condition(spec['Condition'], `${path}.Condition`)
      )
        continue;
      const output: Output = { key, value: resolveString(spec['Value'], `${path}.Value`, this.ctx) };
      if (spec['Description'] !== undefined)
        output.description = resolveString(spec['Description'], `${path}.Description`, this.ctx);
      const exported = isRecord(spec['Export']) ? spec['Export']['Name'] : undefined;
      if (exported !== undefined)
        output.exportName = resolveString(exported, `${path}.Export.Name`, this.ctx);
      out.push(output);
    }
    return out;
  }
}

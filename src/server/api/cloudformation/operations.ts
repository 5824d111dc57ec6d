import type { Buckets } from '../../s3/buckets.js';
import { ValidationError, stackDoesNotExist } from '../../cloudformation/errors.js';
import type { StackRecord } from '../../cloudformation/model.js';
import type { ChangeSetInput, Stacks } from '../../cloudformation/stacks.js';
import { changeSetOf, findStack, requireStack } from '../../cloudformation/stacks.js';
import type { CfnStore } from '../../cloudformation/store.js';
import { parseTemplate, prepareTemplate } from '../../cloudformation/template/prepare.js';
import { s3Address } from '../s3/addressing.js';
import { parametersOf, required, str, strings, tagsOf, type Params } from './inputs.js';
import {
  changeSetSummary,
  changeSetView,
  eventView,
  resourceView,
  stackSummary,
  stackView,
} from './views.js';

export interface CfnApiDeps {
  stacks: Stacks;
  store: CfnStore;
  buckets: Buckets;
  accountId: string;
  random: { uuid(): string };
}

type Output = Record<string, unknown> | undefined;
export type CfnOperation = (p: Params, deps: CfnApiDeps) => Promise<Output>;

/** TemplateBody, or the S3 object TemplateURL names (what `aws cloudformation deploy --s3-bucket` uploads). */
async function templateOf(p: Params, deps: CfnApiDeps): Promise<string | undefined> {
  const body = str(p, 'TemplateBody');
  const url = str(p, 'TemplateURL');
  if (body !== undefined && url !== undefined)
    throw new ValidationError('Specify exactly one of TemplateBody or TemplateUrl.');
  if (url === undefined) return body;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError('TemplateURL must be a supported URL.');
  }
  const { bucket, key } = s3Address(
    parsed.host.replace(/^s3[.-][^.]*\.?amazonaws\.com$|^s3\.amazonaws\.com$/, ''),
    parsed.pathname,
  );
  if (!bucket || !key)
    throw new ValidationError('TemplateURL must reference a valid S3 object to which you have access.');
  const bytes = await deps.buckets.readObject(bucket, key).catch(() => {
    throw new ValidationError('TemplateURL must reference a valid S3 object to which you have access.');
  });
  return bytes.toString('utf8');
}

async function changeSetInput(
  p: Params,
  deps: CfnApiDeps,
  type: 'CREATE' | 'UPDATE',
  name: string,
): Promise<ChangeSetInput> {
  return {
    stackName: required(p, 'StackName'),
    changeSetName: name,
    changeSetType: type,
    templateBody: await templateOf(p, deps),
    usePreviousTemplate: str(p, 'UsePreviousTemplate') === 'true',
    parameters: parametersOf(p),
    capabilities: strings(p, 'Capabilities'),
    tags: tagsOf(p),
    ...(str(p, 'Description') !== undefined ? { description: str(p, 'Description') } : {}),
  };
}

/** CreateStack and UpdateStack: a change set made and executed at once, its failure the call's error. */
async function direct(p: Params, deps: CfnApiDeps, type: 'CREATE' | 'UPDATE'): Promise<Output> {
  const cs = await deps.stacks.createChangeSet(
    await changeSetInput(p, deps, type, `gradual-${type.toLowerCase()}-${deps.random.uuid()}`),
  );
  if (cs.status === 'FAILED') {
    await deps.stacks.deleteChangeSet(cs.changeSetId, undefined);
    if (type === 'CREATE' && !cs.template) await deps.stacks.deleteStack(cs.stackId);
    throw new ValidationError(
      cs.statusReason?.startsWith("The submitted information didn't contain changes")
        ? 'No updates are to be performed.'
        : (cs.statusReason ?? 'failed'),
    );
  }
  await deps.stacks.executeChangeSet(cs.changeSetId, undefined);
  await deps.stacks.deleteChangeSet(cs.changeSetId, undefined);
  return { StackId: cs.stackId };
}

const read = <T>(deps: CfnApiDeps, q: Parameters<CfnStore['read']>[0]) => deps.store.read(q) as Promise<T>;

function templateParameters(template: Record<string, unknown>): Record<string, unknown>[] {
  const declared = (template['Parameters'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(declared).map(([key, spec]) => ({
    ParameterKey: key,
    DefaultValue: spec['Default'] === undefined ? undefined : String(spec['Default'] as string),
    ParameterType: spec['Type'],
    NoEcho: spec['NoEcho'] === true || spec['NoEcho'] === 'true',
    Description: spec['Description'],
    ...(Array.isArray(spec['AllowedValues'])
      ? { ParameterConstraints: { AllowedValues: spec['AllowedValues'].map(String) } }
      : {}),
  }));
}

export const OPERATIONS: Record<string, CfnOperation> = {
  CreateStack: (p, deps) => direct(p, deps, 'CREATE'),
  UpdateStack: (p, deps) => direct(p, deps, 'UPDATE'),
  async DeleteStack(p, deps) {
    await deps.stacks.deleteStack(required(p, 'StackName'));
    return undefined;
  },
  async DescribeStacks(p, deps) {
    const name = str(p, 'StackName');
    const stacks = await read<StackRecord[]>(deps, (r) => {
      if (name === undefined) return r.stacks().filter((s) => s.status !== 'DELETE_COMPLETE');
      const s = findStack(r, name);
      if (!s) throw stackDoesNotExist(name);
      return [s];
    });
    return { Stacks: stacks.map(stackView) };
  },
  async ListStacks(p, deps) {
    const filter = strings(p, 'StackStatusFilter');
    const stacks = await read<StackRecord[]>(deps, (r) => r.stacks());
    return {
      StackSummaries: stacks
        .filter((s) => filter.length === 0 || filter.includes(s.status))
        .map(stackSummary),
    };
  },
  async DescribeStackEvents(p, deps) {
    const events = await deps.store.read((r) => r.events(requireStack(r, required(p, 'StackName')).stackId));
    return { StackEvents: events.map(eventView) };
  },
  async DescribeStackResource(p, deps) {
    const id = required(p, 'LogicalResourceId');
    return deps.store.read((r) => {
      const s = requireStack(r, required(p, 'StackName'));
      const res = s.resources[id];
      if (!res) throw new ValidationError(`Resource ${id} does not exist for stack ${s.stackName}`);
      return {
        StackResourceDetail: {
          ...resourceView(s, res, 'LastUpdatedTimestamp'),
          Metadata: JSON.stringify(s.template.Resources[id]?.Metadata ?? {}),
        },
      };
    });
  },
  async DescribeStackResources(p, deps) {
    const name = str(p, 'StackName');
    const logical = str(p, 'LogicalResourceId');
    const physical = str(p, 'PhysicalResourceId');
    if (name === undefined && physical === undefined)
      throw new ValidationError('Either StackName or PhysicalResourceId must be specified.');
    return deps.store.read((r) => {
      const stacks =
        name !== undefined
          ? [requireStack(r, name)]
          : r.stacks().filter((s) => Object.values(s.resources).some((x) => x.physicalId === physical));
      const out = stacks.flatMap((s) =>
        Object.values(s.resources)
          .filter(
            (x) =>
              (logical === undefined || x.logicalId === logical) &&
              (physical === undefined || x.physicalId === physical),
          )
          .map((x) => resourceView(s, x, 'Timestamp')),
      );
      return { StackResources: out };
    });
  },
  async ListStackResources(p, deps) {
    return deps.store.read((r) => {
      const s = requireStack(r, required(p, 'StackName'));
      return {
        StackResourceSummaries: Object.values(s.resources).map((x) =>
          resourceView(s, x, 'LastUpdatedTimestamp'),
        ),
      };
    });
  },
  async GetTemplate(p, deps) {
    const stage = str(p, 'TemplateStage') ?? 'Original';
    return deps.store.read((r) => {
      const changeSet = str(p, 'ChangeSetName');
      const source =
        changeSet !== undefined
          ? changeSetOf(r, changeSet, str(p, 'StackName'))
          : requireStack(r, required(p, 'StackName'));
      const body =
        stage === 'Processed' && source.template ? JSON.stringify(source.template) : source.templateBody;
      return { TemplateBody: body, StagesAvailable: ['Original', 'Processed'] };
    });
  },
  async GetTemplateSummary(p, deps) {
    let body = await templateOf(p, deps);
    const name = str(p, 'StackName');
    if (body === undefined && name !== undefined)
      body = await deps.store.read((r) => requireStack(r, name).templateBody);
    if (body === undefined)
      throw new ValidationError('Either Template URL or Template Body must be specified.');
    const raw = parseTemplate(body);
    const prepared = prepareTemplate(body, deps.accountId);
    const transforms = raw['Transform'] === undefined ? [] : ([] as unknown[]).concat(raw['Transform']);
    return {
      Parameters: templateParameters(raw),
      Description: raw['Description'],
      Capabilities: prepared.needs,
      ...(prepared.needs.length
        ? { CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]' }
        : {}),
      ResourceTypes: [
        ...new Set(
          Object.values((raw['Resources'] ?? {}) as Record<string, { Type?: string }>).map((d) => d.Type),
        ),
      ],
      Version: raw['AWSTemplateFormatVersion'] ?? '2010-09-09',
      DeclaredTransforms: transforms,
    };
  },
  async ValidateTemplate(p, deps) {
    const body = await templateOf(p, deps);
    if (body === undefined)
      throw new ValidationError('Either Template URL or Template Body must be specified.');
    const raw = parseTemplate(body);
    const prepared = prepareTemplate(body, deps.accountId);
    const transforms = raw['Transform'] === undefined ? [] : ([] as unknown[]).concat(raw['Transform']);
    return {
      Parameters: templateParameters(raw).map(({ ParameterKey, DefaultValue, NoEcho, Description }) => ({
        ParameterKey,
        DefaultValue,
        NoEcho,
        Description,
      })),
      Description: raw['Description'],
      Capabilities: prepared.needs,
      ...(prepared.needs.length
        ? { CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]' }
        : {}),
      DeclaredTransforms: transforms,
    };
  },
  async CreateChangeSet(p, deps) {
    const type = str(p, 'ChangeSetType') ?? 'UPDATE';
    if (type !== 'CREATE' && type !== 'UPDATE')
      throw new ValidationError(`ChangeSetType ${type} is not supported by gradual (CREATE or UPDATE)`);
    const cs = await deps.stacks.createChangeSet(
      await changeSetInput(p, deps, type, required(p, 'ChangeSetName')),
    );
    return { Id: cs.changeSetId, StackId: cs.stackId };
  },
  async DescribeChangeSet(p, deps) {
    return changeSetView(await deps.stacks.changeSet(required(p, 'ChangeSetName'), str(p, 'StackName')));
  },
  async ExecuteChangeSet(p, deps) {
    await deps.stacks.executeChangeSet(required(p, 'ChangeSetName'), str(p, 'StackName'));
    return {};
  },
  async DeleteChangeSet(p, deps) {
    await deps.stacks.deleteChangeSet(required(p, 'ChangeSetName'), str(p, 'StackName'));
    return {};
  },
  async ListChangeSets(p, deps) {
    return deps.store.read((r) => ({
      Summaries: r.changeSets(requireStack(r, required(p, 'StackName')).stackId).map(changeSetSummary),
    }));
  },
  async ListExports(_p, deps) {
    const stacks = await read<StackRecord[]>(deps, (r) => r.stacks());
    const exports = stacks
      .filter((s) => s.status !== 'DELETE_COMPLETE')
      .flatMap((s) =>
        s.outputs
          .filter((o) => o.exportName)
          .map((o) => ({ ExportingStackId: s.stackId, Name: o.exportName, Value: o.value })),
      );
    return { Exports: exports };
  },
};

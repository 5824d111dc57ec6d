import { z } from 'zod';
import { ValidationError } from '../../cloudformation/errors.js';
import { changeSetOf, requireStack } from '../../cloudformation/stacks.js';
import { parseTemplate, prepareTemplate } from '../../cloudformation/template/prepare.js';
import { operation, type Operation } from '../operation.js';
import { templateMembers, templateOf, type CfnApiDeps } from './inputs.js';

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

/** What a template declares and needs, as GetTemplateSummary and ValidateTemplate both say it. */
function summary(body: string, deps: CfnApiDeps) {
  const raw = parseTemplate(body);
  const prepared = prepareTemplate(body, deps.accountId);
  return {
    raw,
    parameters: templateParameters(raw),
    needs: {
      Description: raw['Description'],
      Capabilities: prepared.needs,
      ...(prepared.needs.length
        ? { CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]' }
        : {}),
    },
    transforms: raw['Transform'] === undefined ? [] : ([] as unknown[]).concat(raw['Transform']),
  };
}

/** Templates: a stack's or a change set's, and what one declares before it is used. */
export const TEMPLATE_OPERATIONS: readonly Operation<CfnApiDeps>[] = [
  operation(
    'GetTemplate',
    () =>
      z.object({
        StackName: z.string().optional(),
        ChangeSetName: z.string().optional(),
        TemplateStage: z.string().optional(),
      }),
    async (input, deps: CfnApiDeps) => {
      const stage = input.TemplateStage ?? 'Original';
      return deps.store.read((r) => {
        const source =
          input.ChangeSetName !== undefined
            ? changeSetOf(r, input.ChangeSetName, input.StackName)
            : requireStack(r, requiredName(input.StackName));
        const body =
          stage === 'Processed' && source.template ? JSON.stringify(source.template) : source.templateBody;
        return { TemplateBody: body, StagesAvailable: ['Original', 'Processed'] };
      });
    },
  ),
  operation(
    'GetTemplateSummary',
    () => z.object({ ...templateMembers, StackName: z.string().optional() }),
    async (input, deps: CfnApiDeps) => {
      let body = await templateOf(input, deps);
      const name = input.StackName;
      if (body === undefined && name !== undefined)
        body = await deps.store.read((r) => requireStack(r, name).templateBody);
      if (body === undefined)
        throw new ValidationError('Either Template URL or Template Body must be specified.');
      const s = summary(body, deps);
      return {
        Parameters: s.parameters,
        ...s.needs,
        ResourceTypes: [
          ...new Set(
            Object.values((s.raw['Resources'] ?? {}) as Record<string, { Type?: string }>).map((d) => d.Type),
          ),
        ],
        Version: s.raw['AWSTemplateFormatVersion'] ?? '2010-09-09',
        DeclaredTransforms: s.transforms,
      };
    },
  ),
  operation(
    'ValidateTemplate',
    () => z.object(templateMembers),
    async (input, deps: CfnApiDeps) => {
      const body = await templateOf(input, deps);
      if (body === undefined)
        throw new ValidationError('Either Template URL or Template Body must be specified.');
      const s = summary(body, deps);
      return {
        Parameters: s.parameters.map(({ ParameterKey, DefaultValue, NoEcho, Description }) => ({
          ParameterKey,
          DefaultValue,
          NoEcho,
          Description,
        })),
        ...s.needs,
        DeclaredTransforms: s.transforms,
      };
    },
  ),
];

/** GetTemplate without a change set needs the stack, in the words of AWS's validation. */
function requiredName(name: string | undefined): string {
  if (name === undefined || name === '')
    throw new ValidationError(
      "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null",
    );
  return name;
}

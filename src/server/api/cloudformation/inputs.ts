import { z } from 'zod';
import type { Buckets } from '../../s3/buckets.js';
import { ValidationError } from '../../cloudformation/errors.js';
import type { ChangeSetInput, Stacks } from '../../cloudformation/stacks.js';
import type { CfnStore } from '../../cloudformation/store.js';
import type { Leaves } from '../protocols/leaves.js';
import { s3Address } from '../s3/addressing.js';

export interface CfnApiDeps {
  stacks: Stacks;
  store: CfnStore;
  buckets: Buckets;
  accountId: string;
  random: { uuid(): string };
  /** Whether CloudFormation may assume a service role: it exists and trusts cloudformation.amazonaws.com. */
  roleAssumable(roleArn: string): Promise<boolean>;
}

/** A `RoleARN` CloudFormation can assume, or CloudFormation's ValidationError. */
export async function serviceRole(
  roleArn: string | undefined,
  deps: CfnApiDeps,
): Promise<string | undefined> {
  if (roleArn === undefined || (await deps.roleAssumable(roleArn))) return roleArn;
  throw new ValidationError(`Role ${roleArn} is invalid or cannot be assumed`);
}

/**
 * Members CloudFormation's actions share (AWS CloudFormation API Reference, each action's request
 * parameters). Every member is a form string; the leaves turn booleans and lists into their types.
 */

/** A member the action cannot do without: missing, or empty. */
export const required = z.string().min(1, 'Member must have length greater than or equal to 1');

export const templateMembers = { TemplateBody: z.string().optional(), TemplateURL: z.string().optional() };

/** What CreateStack, UpdateStack and CreateChangeSet send alike. */
export const changeSetMembers = (t: Leaves) => ({
  StackName: required,
  ...templateMembers,
  UsePreviousTemplate: t.bool().optional(),
  Parameters: t
    .list(
      z.object({
        ParameterKey: z.string().optional(),
        ParameterValue: z.string().optional(),
        UsePreviousValue: t.bool().optional(),
      }),
    )
    .optional(),
  Capabilities: t.list(z.string()).optional(),
  Tags: t.list(z.object({ Key: z.string().optional(), Value: z.string().optional() })).optional(),
  Description: z.string().optional(),
  RoleARN: z.string().optional(),
});

type ChangeSetMembers = z.output<z.ZodObject<ReturnType<typeof changeSetMembers>>>;

/** TemplateBody, or the S3 object TemplateURL names (what `aws cloudformation deploy --s3-bucket` uploads). */
export async function templateOf(
  input: { TemplateBody?: string | undefined; TemplateURL?: string | undefined },
  deps: CfnApiDeps,
): Promise<string | undefined> {
  const { TemplateBody: body, TemplateURL: url } = input;
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

export async function changeSetInput(
  input: ChangeSetMembers,
  deps: CfnApiDeps,
  type: 'CREATE' | 'UPDATE',
  name: string,
): Promise<ChangeSetInput> {
  const roleArn = await serviceRole(input.RoleARN, deps);
  return {
    stackName: input.StackName,
    changeSetName: name,
    changeSetType: type,
    templateBody: await templateOf(input, deps),
    usePreviousTemplate: input.UsePreviousTemplate === true,
    parameters: (input.Parameters ?? []).map((m) => ({
      key: m.ParameterKey ?? '',
      ...(m.ParameterValue !== undefined ? { value: m.ParameterValue } : {}),
      ...(m.UsePreviousValue === true ? { usePrevious: true } : {}),
    })),
    capabilities: input.Capabilities ?? [],
    tags: (input.Tags ?? []).map((m) => ({ key: m.Key ?? '', value: m.Value ?? '' })),
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(roleArn !== undefined ? { roleArn } : {}),
  };
}

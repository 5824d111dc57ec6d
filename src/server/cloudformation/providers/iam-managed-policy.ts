import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

const roles = (p: Record<string, unknown> | undefined): string[] =>
  Array.isArray(p?.['Roles']) ? p['Roles'].map(text) : [];

const json = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const ignore =
  (...codes: string[]) =>
  (e: unknown): void => {
    if (!codes.includes(errorName(e))) throw e;
  };

async function detach(iam: IAMClient, arn: string, roleNames: readonly string[]): Promise<void> {
  for (const roleName of roleNames)
    await iam
      .send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }))
      .catch(ignore('NoSuchEntityException'));
}

/** The policy's current document, or undefined when there is no such policy. */
async function documentOf(iam: IAMClient, arn: string): Promise<string | undefined> {
  try {
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    const version = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy?.DefaultVersionId ?? 'v1' }),
    );
    return decodeURIComponent(version.PolicyVersion?.Document ?? '');
  } catch (error) {
    ignore('NoSuchEntityException')(error);
    return undefined;
  }
}

/**
 * AWS::IAM::ManagedPolicy: CreatePolicy, attached to each of its `Roles`; physical id (and `Ref`)
 * the policy's ARN, `PolicyArn`. gradual's IAM keeps one version per policy (no
 * CreatePolicyVersion), so a changed document re-creates the policy under the same ARN: detached,
 * deleted, created, attached again.
 */
export function iamManagedPolicy({ iam }: ServiceClients, place: { accountId: string }): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const before = request.previous?.properties;
      if (request.action === 'delete') {
        const arn = request.previous!.physicalId!;
        await detach(iam, arn, roles(before));
        await iam.send(new DeletePolicyCommand({ PolicyArn: arn })).catch(ignore('NoSuchEntityException'));
        return { kind: 'done', physicalId: arn, attributes: {} };
      }
      const p = request.properties;
      const name =
        p['ManagedPolicyName'] !== undefined
          ? text(p['ManagedPolicyName'])
          : generatedName(request.stackName, request.logicalId, request.nameSeed, 128);
      const path = p['Path'] !== undefined ? text(p['Path']) : '/';
      const arn = request.previous?.physicalId ?? `arn:aws:iam::${place.accountId}:policy${path}${name}`;
      const document = json(p['PolicyDocument']);
      const current = await documentOf(iam, arn);
      const same =
        current !== undefined && JSON.stringify(JSON.parse(current)) === JSON.stringify(JSON.parse(document));
      if (current !== undefined && !same) {
        await detach(iam, arn, [...new Set([...roles(before), ...roles(p)])]);
        await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
      }
      if (!same)
        await iam.send(
          new CreatePolicyCommand({
            PolicyName: arn.split('/').pop()!,
            Path: path,
            PolicyDocument: document,
            ...(p['Description'] !== undefined ? { Description: text(p['Description']) } : {}),
          }),
        );
      for (const roleName of roles(p))
        await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
      const kept = new Set(roles(p));
      await detach(
        iam,
        arn,
        roles(before).filter((r) => !kept.has(r)),
      );
      return { kind: 'done', physicalId: arn, attributes: { PolicyArn: arn } };
    },
  };
}

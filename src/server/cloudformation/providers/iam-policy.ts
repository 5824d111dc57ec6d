import { DeleteRolePolicyCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

const roles = (p: Record<string, unknown> | undefined): string[] =>
  Array.isArray(p?.['Roles']) ? p['Roles'].map(text) : [];

async function removeFrom(iam: IAMClient, roleNames: readonly string[], policyName: string): Promise<void> {
  for (const roleName of roleNames) {
    try {
      await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    } catch (error) {
      // Gone with its role, or before a crash: nothing left to remove.
      if (errorName(error) !== 'NoSuchEntityException') throw error;
    }
  }
}

/**
 * AWS::IAM::Policy: an inline policy put on each of its `Roles` (PutRolePolicy); a role or name
 * dropped from the template has it deleted. Its physical id is generated, as CloudFormation's.
 */
export function iamPolicy({ iam }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const before = request.previous?.properties;
      if (request.action === 'delete') {
        await removeFrom(iam, roles(before), text(before?.['PolicyName']));
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = request.properties;
      const name = text(p['PolicyName']);
      const document = text(p['PolicyDocument']);
      for (const roleName of roles(p))
        await iam.send(
          new PutRolePolicyCommand({ RoleName: roleName, PolicyName: name, PolicyDocument: document }),
        );
      if (before) {
        const kept = new Set(text(before['PolicyName']) === name ? roles(p) : []);
        await removeFrom(
          iam,
          roles(before).filter((r) => !kept.has(r)),
          text(before['PolicyName']),
        );
      }
      const physicalId =
        request.previous?.physicalId ??
        generatedName(request.stackName, request.logicalId, request.nameSeed, 64);
      return { kind: 'done', physicalId, attributes: {} };
    },
  };
}

import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';
import { isRecord } from '../../../common/is-record.js';

const json = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Managed policies as ARNs; a bare name (SAM's `Policies: [Name]`) is looked up as SAM would. */
async function policyArns(iam: IAMClient, given: readonly string[]): Promise<string[]> {
  const byName = new Map<string, string>();
  if (given.some((n) => !n.startsWith('arn:'))) {
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListPoliciesCommand({ Scope: 'All', Marker: marker, MaxItems: 1000 }));
      for (const p of page.Policies ?? []) if (p.PolicyName && p.Arn) byName.set(p.PolicyName, p.Arn);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  }
  return given.map((name) => {
    if (name.startsWith('arn:')) return name;
    const arn = byName.get(name);
    if (!arn) throw new Error(`Policy ${name} does not exist or is not attachable.`);
    return arn;
  });
}

const managedOf = (p: Record<string, unknown>): string[] =>
  Array.isArray(p['ManagedPolicyArns']) ? p['ManagedPolicyArns'].map(text) : [];

const inlineNames = (p: Record<string, unknown>): Set<string> =>
  new Set(
    (Array.isArray(p['Policies']) ? p['Policies'] : []).filter(isRecord).map((x) => text(x['PolicyName'])),
  );

/**
 * The role's attached and inline policies brought to what the template says. On an update only
 * what the role's previous properties listed is removed: an AWS::IAM::Policy or ManagedPolicy
 * resource of the stack puts its own on the role, and the role's update leaves them be.
 */
async function reconcile(
  iam: IAMClient,
  roleName: string,
  p: Record<string, unknown>,
  before?: Record<string, unknown>,
): Promise<void> {
  const wanted = await policyArns(iam, managedOf(p));
  const listedBefore = before ? await policyArns(iam, managedOf(before)).catch(() => []) : undefined;
  const inlineBefore = before ? inlineNames(before) : undefined;
  const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })))
    .AttachedPolicies;
  const have = (attached ?? []).map((a) => a.PolicyArn ?? '');
  for (const arn of wanted.filter((a) => !have.includes(a)))
    await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
  for (const arn of have.filter((a) => !wanted.includes(a) && (listedBefore?.includes(a) ?? true)))
    await iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
  const inline = new Map<string, string>();
  for (const policy of Array.isArray(p['Policies']) ? p['Policies'] : [])
    if (isRecord(policy)) inline.set(text(policy['PolicyName']), json(policy['PolicyDocument']));
  for (const [name, document] of inline)
    await iam.send(
      new PutRolePolicyCommand({ RoleName: roleName, PolicyName: name, PolicyDocument: document }),
    );
  const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
  for (const name of names.filter((n) => !inline.has(n) && (inlineBefore?.has(n) ?? true)))
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
}

async function remove(iam: IAMClient, roleName: string): Promise<void> {
  try {
    await reconcile(iam, roleName, {});
    await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
  } catch (error) {
    // Already gone (a delete retried after a crash): CloudFormation counts that as deleted.
    if (errorName(error) !== 'NoSuchEntityException') throw error;
  }
}

const done = (role: Role | undefined, name: string): Outcome => ({
  kind: 'done',
  physicalId: name,
  attributes: { Arn: role?.Arn ?? '', RoleId: role?.RoleId ?? '' },
});

/**
 * AWS::IAM::Role through IAM's API: physical id the role's name (`RoleName`, else generated from
 * the stack and logical id); `Arn` and `RoleId`. Create and update end with the role's policies
 * exactly as the template lists them; a create retried after a crash finds its role made.
 */
export function iamRole({ iam }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        await remove(iam, request.previous!.physicalId!);
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = request.properties;
      const roleName =
        request.previous?.physicalId ??
        (p['RoleName'] === undefined
          ? generatedName(request.stackName, request.logicalId, request.nameSeed, 64)
          : text(p['RoleName']));
      const trust = json(p['AssumeRolePolicyDocument']);
      let exists = request.previous !== undefined;
      if (!exists) {
        try {
          await iam.send(
            new CreateRoleCommand({
              RoleName: roleName,
              AssumeRolePolicyDocument: trust,
              ...(p['Path'] !== undefined ? { Path: text(p['Path']) } : {}),
              ...(p['Description'] !== undefined ? { Description: text(p['Description']) } : {}),
              ...(p['MaxSessionDuration'] !== undefined
                ? { MaxSessionDuration: Number(p['MaxSessionDuration']) }
                : {}),
            }),
          );
        } catch (error) {
          // A generated name is this resource's own: made before a crash, so carry on with it.
          if (errorName(error) !== 'EntityAlreadyExistsException' || p['RoleName'] !== undefined) throw error;
          exists = true;
        }
      }
      if (exists)
        await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: trust }));
      await reconcile(iam, roleName, p, request.previous?.properties);
      return done((await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role, roleName);
    },
  };
}

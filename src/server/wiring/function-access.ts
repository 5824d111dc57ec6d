import type { Clock } from '../../common/clock.js';
import { AccessDeniedException } from '../../common/errors.js';
import type { AuthorizeSession } from '../api/access.js';
import type { DeployStore } from '../deployments/store.js';
import { authorize, type FunctionPrincipal, type ResolvedCheck } from '../iam/access.js';
import { checksFor, type Account, type ResourceRef } from '../iam/authorization/index.js';
import { roleNameOfArn } from '../iam/iam-names.js';
import type { IamService } from '../iam/iam-service.js';

export interface FunctionAccessDeps {
  iam: IamService;
  deployments: DeployStore;
  account: Account;
  /** Real time, for `aws:CurrentTime`. */
  wallClock: Clock;
}

/**
 * Joins the API's auth layer to IAM: a request signed with a function's credentials is decided
 * by the policies of the function's execution role as they stand now, each resource the request
 * touches looked up where only the server knows its ARN.
 */
export function functionAccess(deps: FunctionAccessDeps): AuthorizeSession {
  const { iam, account } = deps;

  const resolve = async (ref: ResourceRef): Promise<string | undefined> => {
    switch (ref.kind) {
      case 'arn':
        return ref.arn;
      case 'role':
        return (await iam.roleArnOf(ref.name)) ?? `arn:aws:iam::${account.accountId}:role/${ref.name}`;
      case 'deploymentGroupOf': {
        const d = await deps.deployments.read((r) => r.deployment(ref.deploymentId));
        // An unknown deployment is the operation's to report (DeploymentDoesNotExistException).
        return d
          ? `arn:aws:codedeploy:${account.region}:${account.accountId}:deploymentgroup:${d.applicationName}/${d.groupName}`
          : undefined;
      }
    }
  };

  return async (caller, call, origin) => {
    const session = caller.session;
    if (!session) return;
    const role = await iam.roleByArn(session.roleArn);
    // A role deleted since the function started has no policies left: everything is refused.
    const policies = role ? await iam.policiesOf(role) : [];
    const principal: FunctionPrincipal = {
      accountId: account.accountId,
      roleName: role?.roleName ?? roleNameOfArn(session.roleArn) ?? session.roleArn,
      roleArn: session.roleArn,
      roleId: role?.roleId ?? '',
      sessionName: session.sessionName ?? session.functionArn?.split(':').pop() ?? '',
      ...(session.functionArn !== undefined ? { functionArn: session.functionArn } : {}),
    };
    const checks: ResolvedCheck[] = [];
    for (const check of checksFor(call, account)) {
      const resource = await resolve(check.resource);
      if (resource !== undefined) checks.push({ ...check, resource });
    }
    const result = authorize(principal, policies, checks, {
      sourceIp: origin.sourceIp,
      now: deps.wallClock.now(),
      region: account.region,
      secureTransport: false,
    });
    if (result.kind === 'denied') throw new AccessDeniedException(result.message);
  };
}

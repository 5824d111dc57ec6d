import { ValidationException } from '../../../common/errors.js';
import { policyQualifier } from '../../functions/policy-rules.js';
import { constraintMessage } from '../../functions/names.js';
import { parseInput, parseJsonBody } from '../validation.js';
import { functionRef } from './function-name.js';
import { noContent, type LambdaRequest, type Operation } from './operation.js';
import { addPermissionBody } from './schemas.js';
import type { LambdaDeps } from './operation.js';

const BASE = '/2015-03-31/functions/:FunctionName/policy';

/** The function and the policy qualifier ('' when unqualified) a policy request addresses. */
function target(request: LambdaRequest, deps: LambdaDeps): { functionName: string; qualifier: string } {
  const ref = functionRef(request, deps.registry.account, 'namespaced');
  return { functionName: ref.name, qualifier: policyQualifier(ref.qualifier) };
}

export const addPermission: Operation = {
  name: 'AddPermission',
  method: 'POST',
  path: BASE,
  async handle(request, deps) {
    const body = parseInput(addPermissionBody, parseJsonBody(request.body));
    const statement = await deps.permissions.add({
      ...target(request, deps),
      statementId: body.StatementId,
      action: body.Action,
      principal: body.Principal,
      sourceArn: body.SourceArn,
      sourceAccount: body.SourceAccount,
      eventSourceToken: body.EventSourceToken,
      principalOrgId: body.PrincipalOrgID,
      functionUrlAuthType: body.FunctionUrlAuthType,
      revisionId: body.RevisionId,
    });
    return { status: 201, body: { Statement: JSON.stringify(statement) } };
  },
};

export const removePermission: Operation = {
  name: 'RemovePermission',
  method: 'DELETE',
  path: `${BASE}/:StatementId`,
  async handle(request, deps) {
    const statementId = request.params['StatementId'] ?? '';
    if (!/^[a-zA-Z0-9-_.]{1,100}$/.test(statementId)) {
      throw new ValidationException(
        constraintMessage(
          statementId,
          'statementId',
          'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)',
        ),
      );
    }
    await deps.permissions.remove({
      ...target(request, deps),
      statementId,
      revisionId: request.query.get('RevisionId') ?? undefined,
    });
    return noContent;
  },
};

export const getPolicy: Operation = {
  name: 'GetPolicy',
  method: 'GET',
  path: BASE,
  async handle(request, deps) {
    return { status: 200, body: await deps.permissions.get(target(request, deps)) };
  },
};

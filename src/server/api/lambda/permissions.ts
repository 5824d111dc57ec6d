import { z } from 'zod';
import { ValidationException } from '../../../common/errors.js';
import { policyQualifier } from '../../functions/policy-rules.js';
import { constraintMessage } from '../../functions/names.js';
import { restOperation } from '../rest-operation.js';
import { functionRef, type FunctionMembers } from './function-name.js';
import { qualified, QUALIFIER_QUERY, type LambdaDeps } from './operation.js';
import { addPermissionBody } from './schemas.js';

const BASE = '/2015-03-31/functions/:FunctionName/policy';

/** The function and the policy qualifier ('' when unqualified) a policy request addresses. */
function target(input: FunctionMembers, deps: LambdaDeps): { functionName: string; qualifier: string } {
  const ref = functionRef(input, deps.registry.account, 'namespaced');
  return { functionName: ref.name, qualifier: policyQualifier(ref.qualifier) };
}

export const addPermission = restOperation({
  name: 'AddPermission',
  http: { method: 'POST', path: BASE, query: QUALIFIER_QUERY, status: 201 },
  input: () => addPermissionBody.extend(qualified),
  async handle(body, deps: LambdaDeps) {
    const statement = await deps.permissions.add({
      ...target(body, deps),
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
    return { Statement: JSON.stringify(statement) };
  },
});

export const removePermission = restOperation({
  name: 'RemovePermission',
  http: {
    method: 'DELETE',
    path: `${BASE}/:StatementId`,
    query: { ...QUALIFIER_QUERY, RevisionId: 'RevisionId' },
    status: 204,
  },
  input: () => z.object({ ...qualified, StatementId: z.string(), RevisionId: z.string().optional() }),
  async handle(input, deps: LambdaDeps) {
    const statementId = input.StatementId;
    if (!/^[a-zA-Z0-9-_.]{1,100}$/.test(statementId)) {
      throw new ValidationException(
        constraintMessage(
          statementId,
          'statementId',
          'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)',
        ),
      );
    }
    await deps.permissions.remove({ ...target(input, deps), statementId, revisionId: input.RevisionId });
    return undefined;
  },
});

export const getPolicy = restOperation({
  name: 'GetPolicy',
  http: { method: 'GET', path: BASE, query: QUALIFIER_QUERY },
  input: () => z.object(qualified),
  handle: async (input, deps: LambdaDeps) => deps.permissions.get(target(input, deps)),
});

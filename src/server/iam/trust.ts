import { conditionsHold } from './condition-evaluate.js';
import { contextKeys } from './context-keys.js';
import { matchesPattern } from './patterns.js';
import type { PolicyDocument, PrincipalList } from './policy-model.js';

function namesService(principals: PrincipalList, service: string): boolean {
  const listed =
    principals.anyone ||
    (principals.byType['Service'] ?? []).some((name) => name === service) ||
    (principals.byType['AWS'] ?? []).includes('*');
  return principals.negated ? !listed : listed;
}

/**
 * Whether a role's trust policy lets an AWS service assume it (sts:AssumeRole with the service
 * as principal): no statement denies it and one allows it. Lambda checks this for the execution
 * role of CreateFunction and UpdateFunctionConfiguration.
 */
export function serviceMayAssume(trust: PolicyDocument, service: string): boolean {
  const context = contextKeys({ 'aws:PrincipalServiceName': service });
  let allowed = false;
  for (const statement of trust.statements) {
    const applies =
      statement.principals !== undefined &&
      namesService(statement.principals, service) &&
      statement.actions.patterns.some((p) => matchesPattern(p, 'sts:AssumeRole', 'action')) !==
        statement.actions.negated &&
      conditionsHold(statement.conditions, context, undefined);
    if (!applies) continue;
    if (statement.effect === 'Deny') return false;
    allowed = true;
  }
  return allowed;
}

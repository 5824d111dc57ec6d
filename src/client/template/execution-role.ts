import { TemplateError } from '../../common/template/errors.js';
import { resolveString, resolveValue, type ResolveContext } from '../../common/template/intrinsics.js';
import type { ExecutionRolePlan } from './model.js';
import { isRecord } from '../../common/is-record.js';

/**
 * A function's execution role as SAM reads it: `Role` names an existing role; without it SAM
 * creates `<LogicalId>Role` trusting Lambda, with AWSLambdaBasicExecutionRole and each of
 * `Policies`: an AWS or customer managed policy by name or ARN, or a policy document (inline,
 * named `<LogicalId>RolePolicy<N>`). SAM's policy templates are refused by name.
 */
export function executionRole(
  role: unknown,
  policies: unknown,
  path: string,
  ctx: ResolveContext,
): ExecutionRolePlan {
  if (role !== undefined) {
    if (policies !== undefined) {
      throw new TemplateError(
        `${path}.Policies`,
        'cannot be used with Role: SAM adds Policies only to the role it creates',
      );
    }
    return { kind: 'existing', arn: resolveString(role, `${path}.Role`, ctx) };
  }
  const list = policies === undefined ? [] : Array.isArray(policies) ? (policies as unknown[]) : [policies];
  const managed: string[] = [];
  const inline: Record<string, unknown>[] = [];
  list.forEach((item, i) => {
    const at = `${path}.Policies${Array.isArray(policies) ? `[${i}]` : ''}`;
    if (
      typeof item === 'string' ||
      (isRecord(item) && ('Ref' in item || 'Fn::Sub' in item || 'Fn::Join' in item))
    ) {
      managed.push(resolveString(item, at, ctx));
      return;
    }
    if (isRecord(item) && 'Statement' in item) {
      inline.push(resolveValue(item, at, ctx) as Record<string, unknown>);
      return;
    }
    const name = isRecord(item) ? Object.keys(item)[0] : undefined;
    throw new TemplateError(
      at,
      `${name ? `the policy template ${name}` : 'this policy'} is not supported by gradual (use a managed policy or a policy document)`,
    );
  });
  return { kind: 'created', managed, inline };
}

import type { PolicyDecision, PolicyRecord, PolicyStatement } from './policy-store.js';
import type { DecisionContext } from './context.js';
import {
  functionNotFound,
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
} from './errors.js';
import type { FunctionAggregate } from './model.js';
import { functionArn, isVersionNumber, LATEST } from './names.js';

/**
 * Lambda resource-based policies (AddPermission / RemovePermission / GetPolicy) as pure
 * decisions, and the check a front door makes before invoking a function on a service's behalf.
 */

export interface AddPermissionInput {
  functionName: string;
  /** '' for the unqualified function. */
  qualifier: string;
  statementId: string;
  action: string;
  principal: string;
  sourceArn: string | undefined;
  sourceAccount: string | undefined;
  eventSourceToken?: string | undefined;
  principalOrgId?: string | undefined;
  functionUrlAuthType?: string | undefined;
  revisionId: string | undefined;
}

/** `$LATEST` and the unqualified function share one policy. */
export function policyQualifier(qualifier: string | undefined): string {
  return qualifier === undefined || qualifier === LATEST ? '' : qualifier;
}

function requireTarget(
  fn: FunctionAggregate | undefined,
  name: string,
  qualifier: string,
  ctx: DecisionContext,
): void {
  const arn = functionArn(ctx.account, name, qualifier || undefined);
  if (!fn) throw functionNotFound(arn);
  if (qualifier === '') return;
  const exists = isVersionNumber(qualifier) ? fn.versions.has(Number(qualifier)) : fn.aliases.has(qualifier);
  if (!exists) throw functionNotFound(arn);
}

function requireRevision(policy: PolicyRecord | undefined, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== policy?.revisionId) {
    throw new PreconditionFailedException(
      'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id',
    );
  }
}

/** The Principal element AWS writes for a principal as AddPermission receives it. */
export function principalElement(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(principal)) return { Service: principal };
  throw new InvalidParameterValueException(
    'The provided principal was invalid. Please check the principal and try again.',
  );
}

export function decideAddPermission(
  fn: FunctionAggregate | undefined,
  policy: PolicyRecord | undefined,
  input: AddPermissionInput,
  ctx: DecisionContext,
): PolicyDecision<PolicyStatement> {
  requireTarget(fn, input.functionName, input.qualifier, ctx);
  requireRevision(policy, input.revisionId);
  if (policy?.statements.some((s) => s.Sid === input.statementId)) {
    throw new ResourceConflictException(
      `The statement id (${input.statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  }
  const condition: Record<string, Record<string, string>> = {};
  const equals: Record<string, string> = {};
  if (input.sourceAccount !== undefined) equals['AWS:SourceAccount'] = input.sourceAccount;
  if (input.eventSourceToken !== undefined) equals['lambda:EventSourceToken'] = input.eventSourceToken;
  if (input.principalOrgId !== undefined) equals['aws:PrincipalOrgID'] = input.principalOrgId;
  if (input.functionUrlAuthType !== undefined)
    equals['lambda:FunctionUrlAuthType'] = input.functionUrlAuthType;
  if (Object.keys(equals).length > 0) condition['StringEquals'] = equals;
  if (input.sourceArn !== undefined) condition['ArnLike'] = { 'AWS:SourceArn': input.sourceArn };
  const statement: PolicyStatement = {
    Sid: input.statementId,
    Effect: 'Allow',
    Principal: principalElement(input.principal),
    Action: input.action,
    Resource: functionArn(ctx.account, input.functionName, input.qualifier || undefined),
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
  const next: PolicyRecord = {
    functionName: input.functionName,
    qualifier: input.qualifier,
    statements: [...(policy?.statements ?? []), statement],
    revisionId: ctx.newRevisionId(),
  };
  return { changes: [{ kind: 'putPolicy', policy: next }], result: statement };
}

export function decideRemovePermission(
  fn: FunctionAggregate | undefined,
  policy: PolicyRecord | undefined,
  input: { functionName: string; qualifier: string; statementId: string; revisionId: string | undefined },
  ctx: DecisionContext,
): PolicyDecision<undefined> {
  requireTarget(fn, input.functionName, input.qualifier, ctx);
  requireRevision(policy, input.revisionId);
  if (!policy?.statements.some((s) => s.Sid === input.statementId)) {
    throw new ResourceNotFoundException(`Statement ${input.statementId} is not found in resource policy.`);
  }
  const statements = policy.statements.filter((s) => s.Sid !== input.statementId);
  return {
    changes:
      statements.length === 0
        ? [{ kind: 'deletePolicy', functionName: input.functionName, qualifier: input.qualifier }]
        : [{ kind: 'putPolicy', policy: { ...policy, statements, revisionId: ctx.newRevisionId() } }],
    result: undefined,
  };
}

/** GetPolicy's answer: the policy document as a JSON string, and its revision. */
export function policyDocument(
  fn: FunctionAggregate | undefined,
  policy: PolicyRecord | undefined,
  input: { functionName: string; qualifier: string },
  ctx: DecisionContext,
): { Policy: string; RevisionId: string } {
  requireTarget(fn, input.functionName, input.qualifier, ctx);
  if (!policy) throw new ResourceNotFoundException('The resource you requested does not exist.');
  return {
    Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: policy.statements }),
    RevisionId: policy.revisionId,
  };
}

/** IAM's ArnLike: `*` and `?` wildcards, each of the first five `:`-separated parts matched on its own. */
export function arnLike(pattern: string, arn: string): boolean {
  const split = (s: string): string[] => {
    const parts = s.split(':');
    return [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const a = split(arn);
  if (p.length !== a.length) return false;
  return p.every((part, i) => globMatch(part, a[i] ?? ''));
}

function globMatch(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(value);
}

/** A call a service makes on someone's behalf: who, which action, from which resource. */
export interface ServiceCall {
  /** e.g. `apigateway.amazonaws.com`. */
  service: string;
  action: string;
  sourceArn: string;
  sourceAccount: string;
}

function actionMatches(granted: string, action: string): boolean {
  return granted === '*' || granted === 'lambda:*' || granted.toLowerCase() === action.toLowerCase();
}

function principalMatches(principal: PolicyStatement['Principal'], service: string): boolean {
  if (principal === '*') return true;
  return typeof principal === 'object' && 'Service' in principal && principal.Service === service;
}

/** Conditions gradual can evaluate; a statement with any other condition does not apply. */
function conditionsHold(condition: PolicyStatement['Condition'], call: ServiceCall): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const k = key.toLowerCase();
      if (operator === 'ArnLike' && k === 'aws:sourcearn') {
        if (!arnLike(expected, call.sourceArn)) return false;
      } else if (operator === 'ArnEquals' && k === 'aws:sourcearn') {
        if (expected !== call.sourceArn) return false;
      } else if (operator === 'StringEquals' && k === 'aws:sourceaccount') {
        if (expected !== call.sourceAccount) return false;
      } else {
        return false;
      }
    }
  }
  return true;
}

/** Whether `statements` let the service make `call` (resource policies only allow). */
export function allowsServiceCall(statements: readonly PolicyStatement[], call: ServiceCall): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      principalMatches(s.Principal, call.service) &&
      actionMatches(s.Action, call.action) &&
      conditionsHold(s.Condition, call),
  );
}

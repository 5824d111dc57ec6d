import { conditionsHold } from './condition-evaluate.js';
import { variableLookup, type ContextKeys } from './context-keys.js';
import { matchesPattern } from './patterns.js';
import type { PatternList, PolicyDocument, Statement } from './policy-model.js';

/** A policy that applies to the caller: a managed policy's ARN or an inline policy's name. */
export interface ApplicablePolicy {
  name: string;
  document: PolicyDocument;
}

/** What the caller asks to do: one action on one resource, in one request context. */
export interface AccessRequest {
  action: string;
  resource: string;
  context: ContextKeys;
}

/** The statement that decided, to say why. */
export interface DecidingStatement {
  policy: string;
  /** Position in the policy, from 0. */
  index: number;
  sid: string | undefined;
}

export type Decision =
  | { kind: 'explicitDeny'; statement: DecidingStatement }
  | { kind: 'allow'; statement: DecidingStatement }
  | { kind: 'implicitDeny' };

function listMatches(list: PatternList, match: (pattern: string) => boolean): boolean {
  const any = list.patterns.some(match);
  return list.negated ? !any : any;
}

/** Whether a statement covers the request: its action, its resource and every condition. */
export function statementApplies(
  statement: Statement,
  document: PolicyDocument,
  request: AccessRequest,
): boolean {
  // Policy variables exist only in the 2012-10-17 grammar; before it `${...}` is literal text.
  const variables = document.version === '2012-10-17' ? variableLookup(request.context) : undefined;
  if (!listMatches(statement.actions, (p) => matchesPattern(p, request.action, 'action'))) return false;
  const resources = statement.resources;
  if (resources && !listMatches(resources, (p) => matchesPattern(p, request.resource, 'arn', variables))) {
    return false;
  }
  return conditionsHold(statement.conditions, request.context, variables);
}

/**
 * Identity-based policy evaluation within one account ("Policy evaluation logic"): an explicit
 * Deny in any statement wins, then any Allow, and without either the request is implicitly
 * denied.
 */
export function evaluate(policies: readonly ApplicablePolicy[], request: AccessRequest): Decision {
  let allow: DecidingStatement | undefined;
  for (const { name, document } of policies) {
    for (const statement of document.statements) {
      if (!statementApplies(statement, document, request)) continue;
      const deciding = { policy: name, index: statement.index, sid: statement.sid };
      if (statement.effect === 'Deny') return { kind: 'explicitDeny', statement: deciding };
      allow ??= deciding;
    }
  }
  return allow ? { kind: 'allow', statement: allow } : { kind: 'implicitDeny' };
}

/** The first of several requests that is refused (an operation touching several resources), if any. */
export function firstRefusal(
  policies: readonly ApplicablePolicy[],
  requests: readonly AccessRequest[],
): { decision: Exclude<Decision, { kind: 'allow' }>; request: AccessRequest } | undefined {
  for (const request of requests) {
    const decision = evaluate(policies, request);
    if (decision.kind !== 'allow') return { decision, request };
  }
  return undefined;
}

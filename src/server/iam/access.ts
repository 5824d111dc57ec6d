import { contextKeys, type ContextKeys } from './context-keys.js';
import { accessDeniedMessage } from './denial.js';
import { evaluate, type ApplicablePolicy, type Decision } from './evaluate.js';

/**
 * Who calls with a function's temporary credentials: the function's execution role, assumed by
 * Lambda in a session named after the function (the principal is
 * `arn:aws:sts::<account>:assumed-role/<role>/<function>`).
 */
export interface FunctionPrincipal {
  accountId: string;
  /** The role's name, without its path (assumed-role ARNs carry none). */
  roleName: string;
  /** The role's ARN, with its path. */
  roleArn: string;
  /** The role's unique id (`AROA...`). */
  roleId: string;
  /** The session name: the function's name (or CloudFormation's `AWSCloudFormation`). */
  sessionName: string;
  /** The function's ARN, for the `lambda:SourceFunctionArn` key Lambda adds to such requests. */
  functionArn?: string;
}

export function assumedRoleArn(principal: FunctionPrincipal): string {
  return `arn:aws:sts::${principal.accountId}:assumed-role/${principal.roleName}/${principal.sessionName}`;
}

/** What the server knows about a request beyond its signature. */
export interface RequestFacts {
  sourceIp: string | undefined;
  /** Wall-clock time of the request, ms. */
  now: number;
  region: string;
  secureTransport: boolean;
}

/** The global condition keys of a request made with a function's credentials. */
export function principalContext(
  principal: FunctionPrincipal,
  facts: RequestFacts,
): Record<string, string | undefined> {
  return {
    'aws:PrincipalArn': principal.roleArn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': `${principal.roleId}:${principal.sessionName}`,
    'aws:SourceIp': facts.sourceIp,
    'aws:CurrentTime': new Date(facts.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(facts.now / 1000)),
    'aws:SecureTransport': String(facts.secureTransport),
    'aws:RequestedRegion': facts.region,
    ...(principal.functionArn !== undefined ? { 'lambda:SourceFunctionArn': principal.functionArn } : {}),
  };
}

/** One authorization with its resource known. */
export interface ResolvedCheck {
  action: string;
  resource: string;
  context?: Readonly<Record<string, string>>;
}

export type AccessResult =
  | { kind: 'allowed' }
  | {
      kind: 'denied';
      action: string;
      resource: string;
      decision: Exclude<Decision, { kind: 'allow' }>;
      message: string;
    };

/**
 * Decides a request made with a function's credentials: every check must be allowed by the
 * role's policies, or the first refused one is named as AWS names it.
 */
export function authorize(
  principal: FunctionPrincipal,
  policies: readonly ApplicablePolicy[],
  checks: readonly ResolvedCheck[],
  facts: RequestFacts,
): AccessResult {
  const base = principalContext(principal, facts);
  for (const check of checks) {
    const context: ContextKeys = contextKeys({ ...base, ...check.context });
    const decision = evaluate(policies, { action: check.action, resource: check.resource, context });
    if (decision.kind === 'allow') continue;
    return {
      kind: 'denied',
      action: check.action,
      resource: check.resource,
      decision,
      message: accessDeniedMessage(assumedRoleArn(principal), check.action, check.resource, decision),
    };
  }
  return { kind: 'allowed' };
}

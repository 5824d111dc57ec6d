/**
 * A policy document after parsing: the IAM JSON policy grammar ("IAM JSON policy element
 * reference") as trusted types. Evaluation reads only these.
 */

export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;
export type PolicyVersion = (typeof POLICY_VERSIONS)[number];

export type Effect = 'Allow' | 'Deny';

/** `Action` (negated: false) or `NotAction` (negated: true); the same shape for resources. */
export interface PatternList {
  negated: boolean;
  patterns: readonly string[];
}

/** Principal / NotPrincipal of a trust (or other resource-based) policy. */
export interface PrincipalList {
  negated: boolean;
  /** `"Principal": "*"`. */
  anyone: boolean;
  /** By principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`): the names listed. */
  byType: Readonly<Record<string, readonly string[]>>;
}

export const SET_QUALIFIERS = ['ForAllValues', 'ForAnyValue'] as const;
export type SetQualifier = (typeof SET_QUALIFIERS)[number];

/** The condition operators of "IAM JSON policy elements: Condition operators", without IfExists. */
export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;
export type BaseOperator = (typeof BASE_OPERATORS)[number];

export interface ConditionOperator {
  base: BaseOperator;
  ifExists: boolean;
  set: SetQualifier | undefined;
}

/** One key under one operator: `"StringEquals": {"aws:SourceVpc": ["a", "b"]}` gives one clause. */
export interface ConditionClause {
  operator: ConditionOperator;
  /** As written; keys compare case-insensitively. */
  key: string;
  values: readonly string[];
}

export interface Statement {
  /** Position in the document, from 0: names the statement when it has no Sid. */
  index: number;
  sid: string | undefined;
  effect: Effect;
  actions: PatternList;
  /** Undefined only in trust policies, which name no resource. */
  resources: PatternList | undefined;
  /** Undefined in identity policies, which may not name one. */
  principals: PrincipalList | undefined;
  conditions: readonly ConditionClause[];
}

export interface PolicyDocument {
  version: PolicyVersion;
  id: string | undefined;
  statements: readonly Statement[];
}

/** Which grammar a document follows: identity policies name resources, trust policies principals. */
export type PolicyKind = 'identity' | 'trust';

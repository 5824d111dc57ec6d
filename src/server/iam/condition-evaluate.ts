import { BlockList, isIP } from 'node:net';
import { contextValues, type ContextKeys } from './context-keys.js';
import { expandVariables, matchesPattern, type VariableLookup } from './patterns.js';
import type { BaseOperator, ConditionClause } from './policy-model.js';

/** Compares one request value with one policy value; false when either cannot be read. */
type Compare = (requestValue: string, policyValue: string, variables: VariableLookup | undefined) => boolean;

function number(text: string): number | undefined {
  const value = text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** ISO 8601 or epoch seconds, the two forms Date operators accept. */
function date(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function compareBy(
  read: (text: string) => number | undefined,
  test: (a: number, b: number) => boolean,
): Compare {
  return (request, policy) => {
    const a = read(request);
    const b = read(policy);
    return a !== undefined && b !== undefined && test(a, b);
  };
}

function inRange(ip: string, cidr: string): boolean {
  const family = isIP(ip);
  const [network = '', bits] = cidr.split('/');
  const networkFamily = isIP(network);
  if (family === 0 || networkFamily !== family) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return false;
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return list.check(ip, type);
}

const stringEquals: Compare = (r, p, v) => expandVariables(p, v) === r;
const stringEqualsIgnoreCase: Compare = (r, p, v) => expandVariables(p, v)?.toLowerCase() === r.toLowerCase();
const stringLike: Compare = (r, p, v) => matchesPattern(p, r, 'string', v);
const arnLike: Compare = (r, p, v) => matchesPattern(p, r, 'arn', v);
const ipAddress: Compare = (r, p) => inRange(r, p);
const eq = (a: number, b: number): boolean => a === b;

/** Each operator as its positive comparison, and whether it negates it (the "Not" forms). */
const OPERATORS: Record<Exclude<BaseOperator, 'Null'>, { compare: Compare; negated: boolean }> = {
  StringEquals: { compare: stringEquals, negated: false },
  StringNotEquals: { compare: stringEquals, negated: true },
  StringEqualsIgnoreCase: { compare: stringEqualsIgnoreCase, negated: false },
  StringNotEqualsIgnoreCase: { compare: stringEqualsIgnoreCase, negated: true },
  StringLike: { compare: stringLike, negated: false },
  StringNotLike: { compare: stringLike, negated: true },
  NumericEquals: { compare: compareBy(number, eq), negated: false },
  NumericNotEquals: { compare: compareBy(number, eq), negated: true },
  NumericLessThan: { compare: compareBy(number, (a, b) => a < b), negated: false },
  NumericLessThanEquals: { compare: compareBy(number, (a, b) => a <= b), negated: false },
  NumericGreaterThan: { compare: compareBy(number, (a, b) => a > b), negated: false },
  NumericGreaterThanEquals: { compare: compareBy(number, (a, b) => a >= b), negated: false },
  DateEquals: { compare: compareBy(date, eq), negated: false },
  DateNotEquals: { compare: compareBy(date, eq), negated: true },
  DateLessThan: { compare: compareBy(date, (a, b) => a < b), negated: false },
  DateLessThanEquals: { compare: compareBy(date, (a, b) => a <= b), negated: false },
  DateGreaterThan: { compare: compareBy(date, (a, b) => a > b), negated: false },
  DateGreaterThanEquals: { compare: compareBy(date, (a, b) => a >= b), negated: false },
  Bool: { compare: (r, p) => r.toLowerCase() === p.toLowerCase(), negated: false },
  BinaryEquals: { compare: (r, p) => r === p, negated: false },
  IpAddress: { compare: ipAddress, negated: false },
  NotIpAddress: { compare: ipAddress, negated: true },
  ArnEquals: { compare: arnLike, negated: false },
  ArnLike: { compare: arnLike, negated: false },
  ArnNotEquals: { compare: arnLike, negated: true },
  ArnNotLike: { compare: arnLike, negated: true },
};

/**
 * One clause against the request context ("Condition operators", "Conditions with multiple
 * context keys or values"): several policy values are ORed (NORed for a negated operator); a key
 * the request lacks fails a positive operator and passes a negated one, IfExists passes it, and
 * Null tests presence alone. ForAllValues holds for an absent key, ForAnyValue does not.
 */
export function clauseHolds(
  clause: ConditionClause,
  keys: ContextKeys,
  variables: VariableLookup | undefined,
): boolean {
  const { base, ifExists, set } = clause.operator;
  const present = contextValues(keys, clause.key) ?? [];
  if (base === 'Null') {
    const absent = present.length === 0;
    return clause.values.some((value) => (value.toLowerCase() === 'true') === absent);
  }
  const { compare, negated } = OPERATORS[base];
  const matches = (request: string): boolean => clause.values.some((p) => compare(request, p, variables));
  if (present.length === 0) {
    if (ifExists || set === 'ForAllValues') return true;
    if (set === 'ForAnyValue') return false;
    return negated;
  }
  const passes = (request: string): boolean => (negated ? !matches(request) : matches(request));
  switch (set) {
    case 'ForAllValues':
      return present.every(passes);
    case 'ForAnyValue':
      return present.some(passes);
    case undefined: {
      const any = present.some(matches);
      return negated ? !any : any;
    }
  }
}

/** A statement's whole Condition block: every clause must hold. */
export function conditionsHold(
  clauses: readonly ConditionClause[],
  keys: ContextKeys,
  variables: VariableLookup | undefined,
): boolean {
  return clauses.every((clause) => clauseHolds(clause, keys, variables));
}

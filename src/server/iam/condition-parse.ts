import { MalformedPolicyDocumentException } from './errors.js';
import {
  BASE_OPERATORS,
  SET_QUALIFIERS,
  type BaseOperator,
  type ConditionClause,
  type ConditionOperator,
  type SetQualifier,
} from './policy-model.js';
import { isRecord } from '../../common/is-record.js';

const SYNTAX = 'Syntax errors in policy.';

function isBase(name: string): name is BaseOperator {
  return (BASE_OPERATORS as readonly string[]).includes(name);
}

/** `ForAnyValue:StringLikeIfExists` into its parts, or the error IAM gives for an unknown one. */
export function parseOperator(name: string): ConditionOperator {
  let rest = name;
  let set: SetQualifier | undefined;
  for (const qualifier of SET_QUALIFIERS) {
    if (rest.startsWith(`${qualifier}:`)) {
      set = qualifier;
      rest = rest.slice(qualifier.length + 1);
    }
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  // Null tests existence itself, so it has no IfExists form.
  if (!isBase(rest) || (ifExists && rest === 'Null')) {
    throw new MalformedPolicyDocumentException(`Invalid Condition type : ${name}`);
  }
  return { base: rest, ifExists, set };
}

function conditionValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MalformedPolicyDocumentException(SYNTAX);
}

/** A statement's `Condition` block: operator -> key -> value or values. */
export function parseConditions(block: unknown): ConditionClause[] {
  if (block === undefined) return [];
  if (!isRecord(block)) throw new MalformedPolicyDocumentException(SYNTAX);
  const clauses: ConditionClause[] = [];
  for (const [operatorName, keys] of Object.entries(block)) {
    const operator = parseOperator(operatorName);
    if (!isRecord(keys)) throw new MalformedPolicyDocumentException(SYNTAX);
    for (const [key, raw] of Object.entries(keys)) {
      if (!key.includes(':')) {
        throw new MalformedPolicyDocumentException(
          'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
        );
      }
      const values = Array.isArray(raw) ? raw.map(conditionValue) : [conditionValue(raw)];
      clauses.push({ operator, key, values });
    }
  }
  return clauses;
}

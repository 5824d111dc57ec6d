import { COMPARISONS, PATH_OPERATORS, TYPE_TESTS } from '../choice/operators.js';
import { parseTimestamp } from '../choice/timestamp.js';
import { isObject, type Json } from '../json.js';
import { validPath } from './check-paths.js';
import { schemaError, type Diagnostic, type Location } from './diagnostics.js';

/**
 * A Choice Rule: exactly one of And / Or / Not, or a Variable with exactly one comparison
 * operator; `Next` on top-level rules only ("Choice Rules").
 */
export function checkChoiceRule(rule: Json, at: Location, top: boolean): Diagnostic[] {
  if (!isObject(rule)) return [schemaError('A choice rule must be an OBJECT', at)];
  const out: Diagnostic[] = [];
  if (top && typeof rule.Next !== 'string')
    out.push(schemaError(`The field 'Next' is required but was missing`, at));
  if (!top && 'Next' in rule) out.push(schemaError(`Field 'Next' is not supported`, at));
  const combinators = ['And', 'Or', 'Not'].filter((k) => k in rule);
  const operators = Object.keys(rule).filter(
    (k) => k in COMPARISONS || k in TYPE_TESTS || PATH_OPERATORS.has(k),
  );
  const known = new Set(['Next', 'Comment', 'Variable', ...combinators, ...operators]);
  for (const key of Object.keys(rule)) {
    if (!known.has(key)) out.push(schemaError(`Field '${key}' is not supported`, at));
  }
  if (combinators.length + operators.length !== 1 || (combinators.length === 1 && 'Variable' in rule)) {
    out.push(
      schemaError(
        'A choice rule must have either one comparison operator with a Variable, or one of And, Or, Not',
        at,
      ),
    );
    return out;
  }
  const [combinator] = combinators;
  if (combinator === 'Not') return [...out, ...checkChoiceRule(rule.Not!, [...at, 'Not'], false)];
  if (combinator) {
    const rules = rule[combinator];
    if (!Array.isArray(rules) || rules.length === 0) {
      return [
        ...out,
        schemaError(`The value for the field '${combinator}' must be a non-empty ARRAY`, [...at, combinator]),
      ];
    }
    return [...out, ...rules.flatMap((r, i) => checkChoiceRule(r, [...at, combinator, i], false))];
  }
  const operator = operators[0]!;
  if (typeof rule.Variable !== 'string') {
    out.push(schemaError(`The field 'Variable' is required but was missing`, at));
  } else if (!validPath(rule.Variable, 'reference')) {
    out.push(
      schemaError(`The value for the field 'Variable' must be a valid ReferencePath`, [...at, 'Variable']),
    );
  }
  const problem = operandProblem(operator, rule[operator]!);
  if (problem)
    out.push(schemaError(`The value for the field '${operator}' must be ${problem}`, [...at, operator]));
  return out;
}

function operandProblem(operator: string, operand: Json): string | undefined {
  if (operator in TYPE_TESTS) return typeof operand === 'boolean' ? undefined : 'a BOOLEAN';
  if (PATH_OPERATORS.has(operator)) {
    return typeof operand === 'string' && validPath(operand, 'reference')
      ? undefined
      : 'a valid ReferencePath';
  }
  switch (COMPARISONS[operator]!.operand) {
    case 'number':
      return typeof operand === 'number' ? undefined : 'a NUMBER';
    case 'boolean':
      return typeof operand === 'boolean' ? undefined : 'a BOOLEAN';
    case 'string':
      return typeof operand === 'string' ? undefined : 'a STRING';
    case 'timestamp':
      return typeof operand === 'string' && parseTimestamp(operand) !== undefined
        ? undefined
        : 'a valid ISO 8601 timestamp';
  }
}

import type { ChoiceRule, TopChoiceRule } from '../definition/types.js';
import { runtimeError } from '../errors/states-error.js';
import type { Json } from '../json.js';
import { compiledPath, select } from '../paths/evaluate.js';
import { COMPARISONS, isOperator, TYPE_TESTS } from './operators.js';

/** The first rule that matches `input`, in order (Choice state), or undefined. */
export function chooseNext(choices: TopChoiceRule[], input: Json, context: Json): string | undefined {
  return choices.find((rule) => matches(rule, input, context))?.Next;
}

export function matches(rule: ChoiceRule, input: Json, context: Json): boolean {
  if (rule.And) return rule.And.every((r) => matches(r, input, context));
  if (rule.Or) return rule.Or.some((r) => matches(r, input, context));
  if (rule.Not) return !matches(rule.Not, input, context);
  const operator = Object.keys(rule).find(isOperator)!;
  const operand = rule[operator] as Json;
  const variable = resolve(rule.Variable!, input, context);
  if (operator in TYPE_TESTS) {
    if (variable === undefined && operator !== 'IsPresent') throw invalidPath(rule.Variable!);
    return TYPE_TESTS[operator]!(variable) === operand;
  }
  if (variable === undefined) throw invalidPath(rule.Variable!);
  if (operator.endsWith('Path') && !(operator in COMPARISONS)) {
    const other = resolve(operand as string, input, context);
    if (other === undefined) throw invalidPath(operand as string);
    const comparison = COMPARISONS[operator.slice(0, -'Path'.length)]!;
    return operandFits(comparison.operand, other) && comparison.test(variable, other);
  }
  return COMPARISONS[operator]!.test(variable, operand);
}

function operandFits(type: string, value: Json): boolean {
  if (type === 'number') return typeof value === 'number';
  if (type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string';
}

function resolve(text: string, input: Json, context: Json): Json | undefined {
  const path = compiledPath(text);
  const found = select(path, path.context ? context : input);
  return found.found ? found.value : undefined;
}

function invalidPath(text: string): Error {
  return runtimeError(
    `Invalid path '${text}': The choice state's condition path references an invalid value.`,
  );
}

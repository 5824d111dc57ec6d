import { describe, expect, it } from 'vitest';
import type { ChoiceRule, TopChoiceRule } from '../definition/types.js';
import type { Json } from '../json.js';
import { chooseNext, matches } from './evaluate.js';

const rule = (operator: string, operand: Json, variable = '$.v'): ChoiceRule => ({
  Variable: variable,
  [operator]: operand,
});

describe('comparison operators', () => {
  const t = '2016-08-18T17:33:00Z';
  it.each<[string, Json, Json, boolean]>([
    ['StringEquals', 'MyString', 'MyString', true],
    ['StringEquals', 'MyString', 'Other', false],
    ['StringEquals', 5, '5', false], // "doesn't attempt to match a numeric field to a string value"
    ['StringLessThan', 'a', 'b', true],
    ['StringGreaterThan', 'MyStringABD', 'MyStringABC', true],
    ['StringLessThanEquals', 'b', 'b', true],
    ['StringGreaterThanEquals', 'a', 'b', false],
    ['StringEquals', t, t, true], // a timestamp is also a string
    ['StringMatches', 'log-2024.txt', 'log-*.txt', true],
    ['StringMatches', 'log-2024.csv', 'log-*.txt', false],
    ['StringMatches', 'a*b', 'a\\*b', true],
    ['StringMatches', 'axb', 'a\\*b', false],
    ['StringMatches', 'anything', '*', true],
    ['NumericEquals', 1, 1, true],
    ['NumericEquals', '1', 1, false],
    ['NumericLessThan', 1, 2, true],
    ['NumericGreaterThan', 2.5, 2, true],
    ['NumericLessThanEquals', 2, 2, true],
    ['NumericGreaterThanEquals', 1, 2, false],
    ['BooleanEquals', true, true, true],
    ['BooleanEquals', 'true', true, false],
    ['TimestampEquals', '2001-01-01T12:00:00Z', '2001-01-01T12:00:00Z', true],
    ['TimestampEquals', '2001-01-01T13:00:00+01:00', '2001-01-01T12:00:00Z', true],
    ['TimestampLessThan', '2001-01-01T11:59:59Z', '2001-01-01T12:00:00Z', true],
    ['TimestampGreaterThan', '2001-01-01T12:00:00.001Z', '2001-01-01T12:00:00Z', true],
    ['TimestampLessThanEquals', '2001-01-01T12:00:00Z', '2001-01-01T12:00:00Z', true],
    ['TimestampGreaterThanEquals', '2001-01-01t12:00:00z', '2001-01-01T12:00:00Z', false], // lowercase t/z are not timestamps
  ])('%s: %j vs %j -> %s', (operator, value, operand, expected) => {
    expect(matches(rule(operator, operand), { v: value }, {})).toBe(expected);
  });

  it.each<[string, Json, Json, boolean]>([
    ['StringEqualsPath', 'a', 'a', true],
    ['StringLessThanPath', 'a', 'b', true],
    ['StringGreaterThanPath', 'a', 'b', false],
    ['StringLessThanEqualsPath', 'b', 'b', true],
    ['StringGreaterThanEqualsPath', 'c', 'b', true],
    ['NumericEqualsPath', 3, 3, true],
    ['NumericLessThanPath', 3, 4, true],
    ['NumericGreaterThanPath', 3, 4, false],
    ['NumericLessThanEqualsPath', 4, 4, true],
    ['NumericGreaterThanEqualsPath', 5, 4, true],
    ['NumericEqualsPath', 3, '3', false],
    ['BooleanEqualsPath', false, false, true],
    ['TimestampEqualsPath', '2001-01-01T12:00:00Z', '2001-01-01T12:00:00Z', true],
    ['TimestampLessThanPath', '2001-01-01T12:00:00Z', '2002-01-01T12:00:00Z', true],
    ['TimestampGreaterThanPath', '2001-01-01T12:00:00Z', '2002-01-01T12:00:00Z', false],
    ['TimestampLessThanEqualsPath', '2001-01-01T12:00:00Z', '2001-01-01T12:00:00Z', true],
    ['TimestampGreaterThanEqualsPath', '2003-01-01T12:00:00Z', '2002-01-01T12:00:00Z', true],
  ])('%s: %j vs $.other = %j -> %s', (operator, value, other, expected) => {
    expect(matches(rule(operator, '$.other'), { v: value, other }, {})).toBe(expected);
  });

  it.each<[string, Json | undefined, boolean, boolean]>([
    ['IsPresent', 1, true, true],
    ['IsPresent', undefined, true, false],
    ['IsPresent', undefined, false, true],
    ['IsNull', null, true, true],
    ['IsNull', 0, true, false],
    ['IsNumeric', 1.5, true, true],
    ['IsNumeric', '1.5', true, false],
    ['IsString', 'x', true, true],
    ['IsString', 1, false, true],
    ['IsBoolean', false, true, true],
    ['IsBoolean', 'false', true, false],
    ['IsTimestamp', '2016-08-18T17:33:00Z', true, true],
    ['IsTimestamp', '2016-08-18 17:33:00', true, false],
  ])('%s on %j (%s) -> %s', (operator, value, operand, expected) => {
    const input: Json = value === undefined ? {} : { v: value };
    expect(matches(rule(operator, operand), input, {})).toBe(expected);
  });
});

describe('And, Or, Not and the order of rules (the documented ChoiceStateX example)', () => {
  const choices: TopChoiceRule[] = [
    { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
    { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
    {
      And: [
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
      Next: 'ValueInTwenties',
    },
  ];
  it.each<[Json, string | undefined]>([
    [{ type: 'Private', value: 22 }, 'ValueInTwenties'], // the documented input and outcome
    [{ type: 'Public', value: 22 }, 'Public'],
    [{ type: 'Private', value: 0 }, 'ValueIsZero'],
    [{ type: 'Private', value: 35 }, undefined],
  ])('%j -> %s', (input, next) => {
    expect(chooseNext(choices, input, {})).toBe(next);
  });

  it('Or matches when any rule does', () => {
    const or: ChoiceRule = { Or: [rule('NumericEquals', 1), rule('StringEquals', 'one')] };
    expect([1, 'one', 2].map((v) => matches(or, { v }, {}))).toEqual([true, true, false]);
  });

  it('a Variable that matches nothing is States.Runtime, worded as AWS words it', () => {
    expect(() => matches(rule('StringEquals', 'x', '$.status'), {}, {})).toThrow(
      "States.Runtime: Invalid path '$.status': The choice state's condition path references an invalid value.",
    );
  });

  it('the Variable may read the context object', () => {
    expect(matches(rule('StringEquals', 'Check', '$$.State.Name'), {}, { State: { Name: 'Check' } })).toBe(
      true,
    );
  });
});

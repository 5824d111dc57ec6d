import { describe, expect, it } from 'vitest';
import type { Json } from '../json.js';
import { checkCall, evaluateIntrinsic } from './evaluate.js';
import type { IntrinsicEnv } from './functions.js';
import { parseIntrinsic } from './parse.js';

const env: IntrinsicEnv = { random: () => 0.25, uuid: () => '8f6cb3e6-3c3d-4cd3-9d3f-0b1c9b0a7e11' };
const run = (text: string, input: Json = {}): Json => {
  const call = parseIntrinsic(text);
  checkCall(call);
  return evaluateIntrinsic(text, call, input, {}, env);
};

// Inputs and results from "Intrinsic functions for JSONPath states in Step Functions".
describe('intrinsic functions (AWS documentation examples)', () => {
  const nine = { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
  it.each<[string, Json, Json]>([
    ["States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' }, 'Hello, my name is Arnav.'],
    [
      'States.Format($.template, $.name)',
      { name: 'Arnav', template: 'Hello, my name is {}.' },
      'Hello, my name is Arnav.',
    ],
    ['States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' }, { foo: 'bar' }],
    ['States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } }, '{"foo":"bar"}'],
    ['States.Array($.Id)', { Id: 123456 }, [123456]],
    ['States.ArrayPartition($.inputArray,4)', nine, [[1, 2, 3, 4], [5, 6, 7, 8], [9]]],
    ['States.ArrayContains($.inputArray, $.lookingFor)', { ...nine, lookingFor: 5 }, true],
    ['States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]],
    ['States.ArrayGetItem($.inputArray, $.index)', { ...nine, index: 5 }, 6],
    ['States.ArrayLength($.inputArray)', nine, 9],
    ['States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, [1, 2, 3, 4]],
    ['States.Base64Encode($.input)', { input: 'Data to encode' }, 'RGF0YSB0byBlbmNvZGU='],
    ['States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' }, 'Data to encode'],
    [
      'States.Hash($.Data, $.Algorithm)',
      { Data: 'input data', Algorithm: 'SHA-1' },
      'aaff4a450a104cd177d28d18d74485e8cae074b7',
    ],
    [
      'States.JsonMerge($.json1, $.json2, false)',
      { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } },
      { a: { a3: 1, a4: 2 }, b: 2, c: 3 },
    ],
    ['States.MathAdd($.value1, $.step)', { value1: 111, step: -1 }, 110],
    [
      'States.StringSplit($.inputString, $.splitter)',
      { inputString: '1,2,3,4,5', splitter: ',' },
      ['1', '2', '3', '4', '5'],
    ],
    [
      'States.StringSplit($.inputString, $.splitter)',
      { inputString: 'This.is+a,test=string', splitter: '.+,=' },
      ['This', 'is', 'a', 'test', 'string'],
    ],
    ['States.UUID()', {}, '8f6cb3e6-3c3d-4cd3-9d3f-0b1c9b0a7e11'],
    // The nine nested calls of the documentation's myArn example (whose template has a third {}
    // with no argument for it, which AWS's rule "as many remaining arguments as {}" refuses).
    [
      "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
      { ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.0' } },
      '1.0',
    ],
  ])('%s', (text, input, expected) => {
    expect(run(text, input)).toEqual(expected);
  });

  it('States.MathRandom draws from the injected source in [start, end), or reproducibly from a seed', () => {
    expect(run('States.MathRandom($.start, $.end)', { start: 1, end: 999 })).toBe(1 + Math.floor(0.25 * 998));
    const seeded = run('States.MathRandom(1, 999, 42)');
    expect(run('States.MathRandom(1, 999, 42)')).toBe(seeded);
  });

  it("escaped characters in string literals: \\{ \\} \\' \\\\", () => {
    expect(run("States.Format('\\{{}\\} it\\'s \\\\', $.a)", { a: 1 })).toBe("{1} it's \\");
  });
});

describe('intrinsic failures are States.Runtime with AWS’s cause', () => {
  it.each<[string, Json, string]>([
    [
      "States.Format('{}', $.nope)",
      { other: 1 },
      "The function 'States.Format('{}', $.nope)' had the following error: The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'",
    ],
    ['States.ArrayGetItem($.a, 5)', { a: [1] }, 'The index 5 is out of bounds'],
    ['States.ArrayPartition($.a, 0)', { a: [1] }, 'The chunk size must be a positive integer'],
    ['States.MathAdd(2147483647, 1)', {}, 'The sum must be an integer'],
    [
      "States.Hash('x', 'SHA-3')",
      {},
      'The hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512',
    ],
    ['States.JsonMerge($.a, $.a, true)', { a: {} }, 'supports only a shallow merge'],
    ["States.StringToJson('{nope')", {}, 'the string is not valid JSON'],
    ["States.Format('{} {}', 1)", {}, 'does not match the number of {}'],
  ])('%s', (text, input, cause) => {
    expect(() => run(text, input)).toThrow(cause);
  });

  it.each([
    'States.Nope()',
    'States.UUID(1)',
    'States.ArrayRange(1, 2)',
    "States.Format('\\x')",
    'States.Array($.a',
    'States.Array(' + 'States.Array('.repeat(10) + ')'.repeat(11),
  ])('refuses %s when the definition is checked', (text) => {
    expect(() => checkCall(parseIntrinsic(text))).toThrow();
  });
});

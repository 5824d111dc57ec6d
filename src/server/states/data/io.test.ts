import { describe, expect, it } from 'vitest';
import type { IntrinsicEnv } from '../intrinsics/functions.js';
import { applyPath, applyResultPath } from './io.js';
import { applyTemplate } from './payload-template.js';

const env: IntrinsicEnv = { random: () => 0.5, uuid: () => '00000000-0000-4000-8000-000000000000' };

describe('InputPath, ResultPath, OutputPath (AWS documentation example "Numbers to add")', () => {
  const input = { title: 'Numbers to add', numbers: { val1: 3, val2: 4 } };
  const task = (effective: { val1: number; val2: number }) => effective.val1 + effective.val2;

  it('InputPath $.numbers, ResultPath $.sum, OutputPath $', () => {
    const effective = applyPath('$.numbers', input, {}) as { val1: number; val2: number };
    const output = applyPath('$', applyResultPath('$.sum', input, task(effective)), {});
    expect(output).toEqual({ title: 'Numbers to add', numbers: { val1: 3, val2: 4 }, sum: 7 });
  });

  it('OutputPath $.sum gives 7', () => {
    const output = applyPath('$.sum', applyResultPath('$.sum', input, 7), {});
    expect(output).toBe(7);
  });

  it('InputPath and OutputPath null give {}; ResultPath null keeps the input; absent ResultPath replaces it', () => {
    expect(applyPath(null, input, {})).toEqual({});
    expect(applyResultPath(null, input, 7)).toBe(input);
    expect(applyResultPath(undefined, input, 7)).toBe(7);
    expect(applyResultPath('$', input, 7)).toBe(7);
  });

  it('InputPath selects a portion (the documented dataset2 example)', () => {
    const doc = {
      comment: 'Example for InputPath.',
      dataset1: { val1: 1, val2: 2, val3: 3 },
      dataset2: { val1: 'a', val2: 'b', val3: 'c' },
    };
    expect(applyPath('$.dataset2', doc, {})).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
  });

  it('a path that matches nothing is States.Runtime with Jayway’s message', () => {
    expect(() => applyPath('$.Payload', { a: 1 }, {})).toThrow(
      "States.Runtime: Invalid path '$.Payload' : No results for path: $['Payload']",
    );
  });
});

describe('Parameters (payload templates)', () => {
  it('the documented example selects with .$ fields and keeps static ones', () => {
    const input = {
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    };
    const parameters = {
      comment: 'Selecting what I care about.',
      MyDetails: {
        'size.$': '$.product.details.size',
        'exists.$': '$.product.availability',
        StaticValue: 'foo',
      },
    };
    expect(applyTemplate(parameters, input, {}, env)).toEqual({
      comment: 'Selecting what I care about.',
      MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
    });
  });

  it('$$ reads the context object; intrinsics run; arrays of templates are processed', () => {
    const context = { Execution: { Id: 'arn:exec' } };
    expect(
      applyTemplate(
        { 'Execution.$': '$$.Execution.Id', 'ids.$': 'States.Array($.id)', list: [{ 'v.$': '$.id' }] },
        { id: 5 },
        context,
        env,
      ),
    ).toEqual({ Execution: 'arn:exec', ids: [5], list: [{ v: 5 }] });
  });

  it('a missing path names the field and the input, as AWS does', () => {
    expect(() => applyTemplate({ 'JobName.$': '$.JobName' }, {}, {}, env)).toThrow(
      "States.Runtime: The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'",
    );
  });
});

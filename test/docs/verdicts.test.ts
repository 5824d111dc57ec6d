import { describe, expect, it } from 'vitest';
import { type Probe, verdicts } from '../../scripts/docs/verdicts.js';

function probe(
  name: string,
  route: string,
  errorName: string | undefined,
  answer = 'same',
  queryKeys: string[] = [],
): Probe {
  return { name, route, queryKeys, errorName, answer };
}

describe('verdicts of the probe', () => {
  it('reads an unknown-operation answer as refused and any other as a handler', () => {
    const result = verdicts([
      probe('ListThings', 'POST /', undefined, 'success'),
      probe('GetThing', 'POST /', 'ValidationException'),
      probe('Frobnicate', 'POST /', 'UnknownOperationException'),
      probe('Other', 'POST /', 'InvalidAction'),
      probe('Misrouted', 'GET /x', 'InvalidSignatureException'),
    ]);
    expect(result.map((r) => r.verdict)).toEqual([
      { kind: 'supported' },
      { kind: 'supported' },
      { kind: 'refused', answer: 'UnknownOperationException' },
      { kind: 'refused', answer: 'InvalidAction' },
      { kind: 'refused', answer: 'InvalidSignatureException' },
    ]);
  });

  it('does not vouch for an operation answered exactly as its twin without the query parameter', () => {
    const id = '0b5e6a7c-1111-4222-8333-944455556666';
    const other = '9b5e6a7c-1111-4222-8333-944455556666';
    const result = verdicts([
      probe('CreateRestApi', 'POST /restapis', 'BadRequestException', `400 name null ${id}`),
      probe('ImportRestApi', 'POST /restapis', 'BadRequestException', `400 name null ${other}`, ['mode']),
      probe('GetConfig', 'GET /f/x/pc', 'ResourceNotFoundException', '404 no qualifier'),
      probe('ListConfigs', 'GET /f/x/pc', 'ResourceNotFoundException', '404 no function x', ['List']),
    ]);
    expect(result.map((r) => r.verdict)).toEqual([
      { kind: 'supported' },
      { kind: 'unverified', like: 'CreateRestApi', queryKeys: ['mode'] },
      { kind: 'supported' },
      { kind: 'supported' },
    ]);
  });
});

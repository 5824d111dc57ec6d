import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../common/errors.js';
import { decideCreateAlias, decideDeleteAlias, decideUpdateAlias, validateRouting } from './alias-rules.js';
import {
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
} from './errors.js';
import { aggregate, context } from './test-support/fixtures.js';

const ctx = context();
const threeVersions = aggregate({ versions: 3 });

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('routing config rules, in the order AWS checks them', () => {
  it.each([
    [
      { '2': 0.1, '3': 0.1 },
      '1',
      InvalidParameterValueException,
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    ],
    [
      { '2': 2 },
      '1',
      ValidationException,
      "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]",
    ],
    [{ '2': -1 }, '1', ValidationException, /Value '\{2=-1\.0\}'/],
    [
      { '1': 0.5 },
      '1',
      InvalidParameterValueException,
      'Invalid function version 1. Function version 1 is already included in routing configuration.',
    ],
    [
      { '2': 0.5 },
      '$LATEST',
      InvalidParameterValueException,
      '$LATEST is not supported for an alias pointing to more than 1 version',
    ],
    [
      { $LATEST: 0.5 },
      '1',
      ValidationException,
      "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]",
    ],
    [
      { '10': 0.5 },
      '1',
      ResourceNotFoundException,
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:10',
    ],
  ])('%j on primary %s -> %s', (weights, primary, type, message) => {
    const error = thrown(() => validateRouting(weights, primary, threeVersions, ctx));
    expect(error).toBeInstanceOf(type);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('accepts one extra version with a weight in [0, 1], and treats {} as no routing', () => {
    expect(validateRouting({ '2': 0.1 }, '1', threeVersions, ctx)).toEqual({ version: '2', weight: 0.1 });
    expect(validateRouting({ '2': 0 }, '1', threeVersions, ctx)).toEqual({ version: '2', weight: 0 });
    expect(validateRouting({}, '1', threeVersions, ctx)).toBeUndefined();
  });
});

describe('aliases', () => {
  it('creates an alias on an existing version, with a fresh revision', () => {
    const { changes, result } = decideCreateAlias(
      threeVersions,
      {
        functionName: 'f',
        name: 'live',
        functionVersion: '1',
        description: undefined,
        weights: { '2': 0.25 },
      },
      ctx,
    );
    expect(result).toMatchObject({
      name: 'live',
      functionVersion: '1',
      description: '',
      routing: { version: '2', weight: 0.25 },
    });
    expect(result.revisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(changes).toEqual([{ kind: 'putAlias', alias: result }]);
  });

  it('refuses duplicates, missing versions and all-digit names', () => {
    const withAlias = aggregate({ versions: 1, aliases: [{ name: 'live' }] });
    const input = {
      functionName: 'f',
      name: 'live',
      functionVersion: '1',
      description: undefined,
      weights: undefined,
    };
    expect(thrown(() => decideCreateAlias(withAlias, input, ctx))).toEqual(
      new ResourceConflictException(
        'Alias already exists: arn:aws:lambda:us-east-1:000000000000:function:f:live',
      ),
    );
    expect(
      thrown(() => decideCreateAlias(threeVersions, { ...input, functionVersion: '9' }, ctx)).message,
    ).toBe('Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:9');
    expect(thrown(() => decideCreateAlias(threeVersions, { ...input, name: '2024' }, ctx)).message).toBe(
      "1 validation error detected: Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    );
    expect(thrown(() => decideCreateAlias(undefined, input, ctx)).message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:1',
    );
  });

  it('updates: keeps routing when omitted, clears it with {}, always issues a new revision', () => {
    const agg = aggregate({
      versions: 3,
      aliases: [{ name: 'live', functionVersion: '1', routing: { version: '2', weight: 0.1 } }],
    });
    const base = {
      functionName: 'f',
      name: 'live',
      functionVersion: undefined,
      description: undefined,
      revisionId: undefined,
    };
    const kept = decideUpdateAlias(agg, { ...base, weights: undefined }, ctx).result;
    expect(kept.routing).toEqual({ version: '2', weight: 0.1 });
    expect(kept.revisionId).not.toBe('rev-alias');
    const promoted = decideUpdateAlias(agg, { ...base, functionVersion: '2', weights: {} }, ctx).result;
    expect(promoted).toMatchObject({ functionVersion: '2', routing: undefined });
  });

  it('update checks the revision and that the alias exists', () => {
    const agg = aggregate({ versions: 1, aliases: [{ name: 'live' }] });
    const base = {
      functionName: 'f',
      functionVersion: undefined,
      description: undefined,
      weights: undefined,
    };
    expect(
      thrown(() => decideUpdateAlias(agg, { ...base, name: 'live', revisionId: 'stale' }, ctx)),
    ).toBeInstanceOf(PreconditionFailedException);
    expect(
      thrown(() => decideUpdateAlias(agg, { ...base, name: 'beta', revisionId: undefined }, ctx)).message,
    ).toBe('Alias not found: arn:aws:lambda:us-east-1:000000000000:function:f:beta');
  });

  it('deleting a missing alias succeeds and changes nothing', () => {
    expect(decideDeleteAlias(threeVersions, { functionName: 'f', name: 'ghost' }, ctx)).toEqual({
      changes: [],
      result: undefined,
    });
  });
});

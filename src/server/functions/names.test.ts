import { describe, expect, it } from 'vitest';
import { AccessDeniedException, ValidationException } from '../../common/errors.js';
import { InvalidParameterValueException, ResourceNotFoundException } from './errors.js';
import { functionArn, isAliasName, parseFunctionName, parseFunctionArn } from './names.js';

const account = { region: 'us-east-1', accountId: '000000000000' };

describe('parseFunctionName', () => {
  it.each([
    ['my-fn', { name: 'my-fn' }],
    ['my-fn:live', { name: 'my-fn', qualifier: 'live' }],
    ['my-fn:7', { name: 'my-fn', qualifier: '7' }],
    ['my-fn:$LATEST', { name: 'my-fn', qualifier: '$LATEST' }],
    ['000000000000:function:my-fn', { name: 'my-fn' }],
    ['arn:aws:lambda:us-east-1:000000000000:function:my-fn', { name: 'my-fn' }],
    ['arn:aws:lambda:us-east-1:000000000000:function:my-fn:live', { name: 'my-fn', qualifier: 'live' }],
  ])('reads %s', (input, expected) => {
    expect(parseFunctionName(input, account)).toEqual(expected);
  });

  it('folds in a separate Qualifier that agrees', () => {
    expect(parseFunctionName('f:live', account, { qualifier: 'live' })).toEqual({
      name: 'f',
      qualifier: 'live',
    });
    expect(parseFunctionName('f', account, { qualifier: '3' })).toEqual({ name: 'f', qualifier: '3' });
  });

  it('refuses a Qualifier that disagrees with the name', () => {
    expect(() => parseFunctionName('f:live', account, { qualifier: 'beta' })).toThrow(
      new InvalidParameterValueException(
        'The derived qualifier from the function name does not match the specified qualifier.',
      ),
    );
  });

  it('refuses names that break the model pattern, quoting it', () => {
    const error = (() => {
      try {
        parseFunctionName('bad name!', account);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toMatch(
      /^1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: \(arn:/,
    );
  });

  it('allows dots only in the namespaced form', () => {
    expect(() => parseFunctionName('a.b', account)).toThrow(ValidationException);
    expect(parseFunctionName('a.b', account, { form: 'namespaced' })).toEqual({ name: 'a.b' });
  });

  it('limits a bare name to 64 characters and a whole ARN to 140', () => {
    expect(() => parseFunctionName('x'.repeat(65), account)).toThrow(
      new InvalidParameterValueException(
        `1 validation error detected: Value '${'x'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      ),
    );
    expect(() => parseFunctionName('x'.repeat(141), account)).toThrow(ValidationException);
  });

  it('knows other regions and accounts are not here', () => {
    expect(() => parseFunctionName('arn:aws:lambda:ap-southeast-1:000000000000:function:f', account)).toThrow(
      new ResourceNotFoundException(
        "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')",
      ),
    );
    expect(() => parseFunctionName('arn:aws:lambda:us-east-1:111111111111:function:f', account)).toThrow(
      AccessDeniedException,
    );
  });
});

describe('aliases and ARNs', () => {
  it.each([
    ['live', true],
    ['blue-green_2', true],
    ['2024', false],
    ['$LATEST', false],
    ['', false],
  ])('alias name %s valid: %s', (name, valid) => {
    expect(isAliasName(name)).toBe(valid);
  });

  it('builds and reads ARNs', () => {
    expect(functionArn(account, 'f')).toBe('arn:aws:lambda:us-east-1:000000000000:function:f');
    expect(functionArn(account, 'f', '$LATEST')).toBe(
      'arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST',
    );
    expect(parseFunctionArn('arn:aws:lambda:us-east-1:000000000000:function:f:live', account)).toEqual({
      name: 'f',
      qualifier: 'live',
    });
    expect(parseFunctionArn('not-an-arn', account)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { FunctionUrlRecord } from './store.js';
import {
  decideCreateUrl,
  decideDeleteUrl,
  decideUpdateUrl,
  findUrl,
  urlQualifier,
} from './function-url-rules.js';

const account = { region: 'us-east-1', accountId: '000000000000' };
const owner = { aliases: new Set(['live']) };
const existing: FunctionUrlRecord = {
  urlId: 'a'.repeat(32),
  functionName: 'f',
  qualifier: '$LATEST',
  authType: 'NONE',
  cors: undefined,
  invokeMode: 'BUFFERED',
  creationTime: 1,
  lastModifiedTime: 1,
};
const create = (qualifier: string, urls: FunctionUrlRecord[] = []) =>
  decideCreateUrl(owner, urls, {
    account,
    functionName: 'f',
    qualifier,
    authType: 'AWS_IAM',
    cors: { AllowOrigins: ['*'] },
    invokeMode: undefined,
    urlId: 'b'.repeat(32),
    now: 5,
  });

describe('function URL rules', () => {
  it.each([
    [undefined, '$LATEST'],
    ['live', 'live'],
  ])('qualifier %s is stored as %s', (given, stored) => {
    expect(urlQualifier(given)).toBe(stored);
  });

  it.each([
    ['$LATEST', String.raw`((?!^\d+$)^[0-9a-zA-Z-_]+$)`],
    ['3', String.raw`(^\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))`],
  ])('qualifier %s is refused with the pattern AWS reports', (qualifier, pattern) => {
    expect(() => urlQualifier(qualifier)).toThrow(
      `1 validation error detected: Value '${qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
    );
  });

  it('creates a record with both times set and BUFFERED by default', () => {
    const { changes, result } = create('live');
    expect(result).toMatchObject({ qualifier: 'live', invokeMode: 'BUFFERED', authType: 'AWS_IAM' });
    expect([result.creationTime, result.lastModifiedTime]).toEqual([5, 5]);
    expect(changes).toEqual([{ kind: 'putUrl', record: result }]);
  });

  it('refuses a second URL for a qualifier, an unknown alias, a missing function', () => {
    expect(() => create('$LATEST', [existing])).toThrow(
      'Failed to create function url config for [functionArn = arn:aws:lambda:us-east-1:000000000000:function:f]. Error message:  FunctionUrlConfig exists for this Lambda function',
    );
    expect(() => create('ghost')).toThrow('Function does not exist');
    expect(() =>
      decideCreateUrl(undefined, [], {
        account,
        functionName: 'f',
        qualifier: '$LATEST',
        authType: 'NONE',
        cors: undefined,
        invokeMode: undefined,
        urlId: 'c',
        now: 0,
      }),
    ).toThrow('Function does not exist');
  });

  it('updates only what is given, keeping the id and creation time', () => {
    const { result } = decideUpdateUrl(owner, [existing], {
      qualifier: '$LATEST',
      authType: undefined,
      cors: { MaxAge: 10 },
      invokeMode: undefined,
      now: 9,
    });
    expect(result).toEqual({ ...existing, cors: { MaxAge: 10 }, lastModifiedTime: 9 });
  });

  it('finds and deletes by qualifier; a missing one is the resource AWS cannot find', () => {
    expect(findUrl(owner, [existing], '$LATEST')).toBe(existing);
    expect(decideDeleteUrl(owner, [existing], '$LATEST').changes).toEqual([
      { kind: 'deleteUrl', functionName: 'f', qualifier: '$LATEST' },
    ]);
    expect(() => findUrl(owner, [existing], 'live')).toThrow('The resource you requested does not exist.');
    expect(() => findUrl(undefined, [], '$LATEST')).toThrow('The resource you requested does not exist.');
  });
});

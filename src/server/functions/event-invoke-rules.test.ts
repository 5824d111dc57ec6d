import { describe, expect, it } from 'vitest';
import {
  decideDeleteEventInvokeConfig,
  decidePutEventInvokeConfig,
  decideUpdateEventInvokeConfig,
} from './event-invoke-rules.js';
import type { EventInvokeConfigRecord, EventInvokeSettings } from './event-invoke-store.js';

const account = { region: 'us-east-1', accountId: '123456789012' };
const owner = { versions: new Set(['1']), aliases: new Set(['live']) };
const exists = (name: string): boolean => ['f', 'audit'].includes(name);
const arn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const input = (settings: EventInvokeSettings, qualifier = '$LATEST') => ({
  functionName: 'f',
  qualifier,
  settings,
  account,
  now: 1000,
});

describe('PutFunctionEventInvokeConfig rules', () => {
  it.each([
    [{}, 'You must specify at least one of error handling or destination setting.'],
    [{ onFailure: arn('f') }, "You can't specify the function as a destination for itself."],
    [{ onFailure: arn('nobody') }, `The destination ARN ${arn('nobody')} is invalid.`],
    [
      { onFailure: 'arn:aws:lambda:eu-west-1:123456789012:function:audit' },
      'The destination ARN arn:aws:lambda:eu-west-1:123456789012:function:audit is invalid.',
    ],
    [
      { onSuccess: 'arn:aws:sns:us-east-1:123456789012:topic' },
      /^gradual has no Amazon SNS topics: the destination arn:aws:sns/,
    ],
    [{ onFailure: 'arn:aws:s3:::bucket' }, /^gradual has no Amazon S3 buckets/],
    [
      { onFailure: 'arn:aws:kinesis:us-east-1:123456789012:stream/s' },
      'The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=arn:aws:kinesis:us-east-1:123456789012:stream/s)) is invalid.',
    ],
  ] as const)('refuses %o', (settings, message) => {
    expect(() => decidePutEventInvokeConfig(owner, input(settings), exists)).toThrow(message);
  });

  it('refuses a version or alias that does not exist', () => {
    expect(() => decidePutEventInvokeConfig(owner, input({ maximumRetryAttempts: 1 }, '7'), exists)).toThrow(
      "The function doesn't exist.",
    );
    expect(() => decidePutEventInvokeConfig(undefined, input({ maximumRetryAttempts: 1 }), exists)).toThrow(
      "The function doesn't exist.",
    );
  });

  it('stores what is given, for a function, version or alias', () => {
    const { result } = decidePutEventInvokeConfig(
      owner,
      input({ maximumRetryAttempts: 0, onSuccess: `${arn('audit')}:live` }, 'live'),
      exists,
    );
    expect(result).toEqual({
      functionName: 'f',
      qualifier: 'live',
      maximumRetryAttempts: 0,
      onSuccess: `${arn('audit')}:live`,
      lastModified: 1000,
    });
  });
});

describe('UpdateFunctionEventInvokeConfig and DeleteFunctionEventInvokeConfig rules', () => {
  const stored: EventInvokeConfigRecord = {
    functionName: 'f',
    qualifier: '$LATEST',
    maximumRetryAttempts: 1,
    onFailure: arn('audit'),
    lastModified: 0,
  };

  it('changes only what is given; a given DestinationConfig replaces both destinations', () => {
    const age = decideUpdateEventInvokeConfig(
      owner,
      [stored],
      { ...input({ maximumEventAgeInSeconds: 60 }), destinationsGiven: false },
      exists,
    );
    expect(age.result).toMatchObject({
      maximumRetryAttempts: 1,
      maximumEventAgeInSeconds: 60,
      onFailure: arn('audit'),
    });
    const cleared = decideUpdateEventInvokeConfig(
      owner,
      [stored],
      { ...input({}), destinationsGiven: true },
      exists,
    );
    expect(cleared.result.onFailure).toBeUndefined();
  });

  it("says when there is nothing to update or delete, with the function's ARN", () => {
    expect(() =>
      decideUpdateEventInvokeConfig(
        owner,
        [],
        { ...input({ maximumRetryAttempts: 0 }), destinationsGiven: false },
        exists,
      ),
    ).toThrow(`The function ${arn('f')}:$LATEST doesn't have an EventInvokeConfig`);
    expect(() => decideDeleteEventInvokeConfig([], account, 'f', undefined)).toThrow(
      `The function ${arn('f')} doesn't have an EventInvokeConfig`,
    );
    expect(decideDeleteEventInvokeConfig([stored], account, 'f', undefined).changes).toEqual([
      { kind: 'deleteConfig', functionName: 'f', qualifier: '$LATEST' },
    ]);
  });
});

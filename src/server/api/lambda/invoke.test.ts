import { describe, expect, it } from 'vitest';
import { checkJson, checkPayload } from './invoke.js';

describe('Invoke payload checks', () => {
  it('allows 6 MB synchronously and 1 MB for Event', () => {
    expect(() => checkPayload(Buffer.alloc(6 * 1024 * 1024), 'RequestResponse')).not.toThrow();
    expect(() => checkPayload(Buffer.alloc(6 * 1024 * 1024 + 1), 'RequestResponse')).toThrow(
      'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    );
    expect(() => checkPayload(Buffer.alloc(1024 * 1024), 'Event')).not.toThrow();
    expect(() => checkPayload(Buffer.alloc(1024 * 1024 + 1), 'Event')).toThrow(
      '1048577 byte payload is too large for the Event invocation type (limit 1048576 bytes)',
    );
  });

  it('wants JSON, an empty body included', () => {
    expect(() => checkJson(Buffer.alloc(0))).not.toThrow();
    expect(() => checkJson(Buffer.from('"text"'))).not.toThrow();
    expect(() => checkJson(Buffer.from('hello'))).toThrow(
      /^Could not parse request body into json: Could not parse payload into json: /,
    );
  });
});

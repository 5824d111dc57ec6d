import { describe, expect, it } from 'vitest';
import type { FunctionConfig } from '../functions/model.js';
import { PoolTargets } from './targets.js';

const config = (revisionId: string): FunctionConfig => ({
  runtime: 'nodejs20.x',
  role: 'arn:aws:iam::000000000000:role/r',
  handler: 'index.handler',
  description: '',
  timeout: 3,
  memorySize: 128,
  environment: undefined,
  architecture: 'x86_64',
  ephemeralStorage: 512,
  tracingMode: 'PassThrough',
  logFormat: 'Text',
  logGroup: undefined,
  code: { sha256Hex: 'abc', size: 1, unzippedSize: 1 },
  revisionId,
  lastModified: 0,
  state: 'Active',
  stateReason: undefined,
  stateReasonCode: undefined,
  lastUpdateStatus: undefined,
  lastUpdateStatusReason: undefined,
  lastUpdateStatusReasonCode: undefined,
});

describe('pool targets', () => {
  const targets = new PoolTargets({ unpackedPath: (sha) => `/code/${sha}` });

  it('builds a configuration’s target once and hands out the same one after', () => {
    const c = config('r1');
    const first = targets.get('f', '$LATEST', c);
    expect(first.spec).toMatchObject({ functionName: 'f', version: '$LATEST', codeDir: '/code/abc' });
    expect(targets.get('f', '$LATEST', c)).toBe(first);
    expect(targets.get('f', '2', c)).not.toBe(first);
  });

  it('builds a new target when the configuration’s revision changed in place', () => {
    const c = config('r1');
    const first = targets.get('f', '$LATEST', c);
    c.revisionId = 'r2';
    c.memorySize = 256;
    const second = targets.get('f', '$LATEST', c);
    expect(second).not.toBe(first);
    expect(second.spec.memorySize).toBe(256);
    expect(second.key).not.toBe(first.key);
  });
});

import { describe, expect, it } from 'vitest';
import {
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
} from './errors.js';
import {
  decideCreate,
  decideDelete,
  decideSettle,
  decideUpdateCode,
  decideUpdateConfiguration,
} from './function-rules.js';
import { aggregate, applyChanges, config, context } from './test-support/fixtures.js';
import { codeSha256Base64, decidePublish } from './version-rules.js';
import { DEFAULT_SETTINGS } from './config-rules.js';
import type { FunctionAggregate } from './model.js';

const ctx = context();
const publishInput = { name: 'f', codeSha256: undefined, description: undefined, revisionId: undefined };

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('PublishVersion', () => {
  it('publishes the next number when $LATEST changed, and bumps $LATEST revision', () => {
    const agg = aggregate({ versions: 2, fn: { changedSincePublish: true } });
    const { changes, result } = decidePublish(agg, { ...publishInput, description: 'v3' }, ctx);
    expect(result.version).toBe(3);
    expect(result.config).toMatchObject({
      description: 'v3',
      state: 'Active',
      lastUpdateStatus: 'Successful',
    });
    const after = applyChanges(agg, changes)!;
    expect(after.fn).toMatchObject({ lastVersion: 3, changedSincePublish: false });
    expect(after.fn.latest.revisionId).not.toBe(agg.fn.latest.revisionId);
    expect(after.fn.latest.description).toBe('');
  });

  it('returns the last version unchanged when nothing changed since it was published', () => {
    const agg = aggregate({ versions: 2 });
    const { changes, result } = decidePublish(agg, { ...publishInput, description: 'ignored' }, ctx);
    expect(changes).toEqual([]);
    expect(result).toBe(agg.versions.get(2));
  });

  it('never reuses a number, even after the newest version is deleted', () => {
    let agg: FunctionAggregate | undefined = aggregate({ versions: 2 });
    agg = applyChanges(agg, decideDelete(agg, { name: 'f', qualifier: '2' }, ctx).changes)!;
    agg = applyChanges(
      agg,
      decideUpdateConfiguration(agg, { name: 'f', settings: { timeout: 9 }, revisionId: undefined }, ctx)
        .changes,
    )!;
    agg = applyChanges(
      agg,
      decideSettle(agg, { sha256Hex: agg.fn.latest.code.sha256Hex, ok: true }, ctx).changes,
    )!;
    expect(decidePublish(agg, publishInput, ctx).result.version).toBe(3);
  });

  it('checks CodeSha256 and RevisionId preconditions', () => {
    const agg = aggregate({ versions: 0, fn: { changedSincePublish: true } });
    const current = codeSha256Base64(agg.fn.latest.code.sha256Hex);
    expect(thrown(() => decidePublish(agg, { ...publishInput, codeSha256: 'AAAA' }, ctx))).toEqual(
      new InvalidParameterValueException(
        `CodeSHA256 (AAAA) is different from current CodeSHA256 in $LATEST (${current}). Please try again with the CodeSHA256 in $LATEST.`,
      ),
    );
    expect(decidePublish(agg, { ...publishInput, codeSha256: current }, ctx).result.version).toBe(1);
    expect(thrown(() => decidePublish(agg, { ...publishInput, revisionId: 'old' }, ctx))).toBeInstanceOf(
      PreconditionFailedException,
    );
  });

  it('refuses to publish while an update is in progress', () => {
    const agg = aggregate({
      fn: { latest: config({ lastUpdateStatus: 'InProgress' }), changedSincePublish: true },
    });
    expect(thrown(() => decidePublish(agg, publishInput, ctx))).toEqual(
      new ResourceConflictException(
        'The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:000000000000:function:f',
      ),
    );
  });
});

describe('function lifecycle', () => {
  const code = { sha256Hex: 'cd'.repeat(32), size: 10, unzippedSize: 20 };
  const settings = { ...DEFAULT_SETTINGS, runtime: 'nodejs20.x', role: 'r', handler: 'index.handler' };

  it('creates Pending without LastUpdateStatus, then settles to Active with a new revision', () => {
    const created = decideCreate(undefined, { name: 'f', settings, code, publish: false, tags: {} }, ctx);
    expect(created.result.config).toMatchObject({
      state: 'Pending',
      stateReasonCode: 'Creating',
      lastUpdateStatus: undefined,
    });
    const agg = applyChanges(undefined, created.changes)!;
    const settled = applyChanges(
      agg,
      decideSettle(agg, { sha256Hex: code.sha256Hex, ok: true }, ctx).changes,
    )!;
    expect(settled.fn.latest).toMatchObject({
      state: 'Active',
      lastUpdateStatus: 'Successful',
      stateReason: undefined,
    });
    expect(settled.fn.latest.revisionId).not.toBe(created.result.config.revisionId);
  });

  it('create with Publish gives version 1, Pending until the code is ready', () => {
    const created = decideCreate(undefined, { name: 'f', settings, code, publish: true, tags: {} }, ctx);
    expect(created.result.version).toBe('1');
    expect(created.result.config.state).toBe('Pending');
    const agg = applyChanges(undefined, created.changes)!;
    const settled = applyChanges(
      agg,
      decideSettle(agg, { sha256Hex: code.sha256Hex, ok: true }, ctx).changes,
    )!;
    expect(settled.versions.get(1)?.config.state).toBe('Active');
    expect(settled.fn.changedSincePublish).toBe(false);
  });

  it('refuses a second create of the same name', () => {
    expect(
      thrown(() => decideCreate(aggregate(), { name: 'f', settings, code, publish: false, tags: {} }, ctx)),
    ).toEqual(new ResourceConflictException('Function already exist: f'));
  });

  it('an update marks $LATEST InProgress; UpdateFunctionCode with Publish publishes even identical code', () => {
    const agg = aggregate({ versions: 1 });
    const update = decideUpdateCode(
      agg,
      { name: 'f', code: agg.fn.latest.code, publish: true, revisionId: undefined },
      ctx,
    );
    expect(update.result.version).toBe('2');
    const after = applyChanges(agg, update.changes)!;
    expect(after.fn.latest).toMatchObject({
      lastUpdateStatus: 'InProgress',
      lastUpdateStatusReasonCode: 'Creating',
    });
  });

  it('a failed unpack marks the create Failed with the reason', () => {
    const agg = applyChanges(
      undefined,
      decideCreate(undefined, { name: 'f', settings, code, publish: false, tags: {} }, ctx).changes,
    )!;
    const failed = applyChanges(
      agg,
      decideSettle(agg, { sha256Hex: code.sha256Hex, ok: false, reason: 'disk full' }, ctx).changes,
    )!;
    expect(failed.fn.latest).toMatchObject({
      state: 'Failed',
      stateReason: 'disk full',
      lastUpdateStatus: 'Failed',
    });
  });

  it('settling ignores an outcome for code the function no longer has', () => {
    const agg = applyChanges(
      undefined,
      decideCreate(undefined, { name: 'f', settings, code, publish: false, tags: {} }, ctx).changes,
    )!;
    expect(decideSettle(agg, { sha256Hex: 'ee'.repeat(32), ok: true }, ctx).changes).toEqual([]);
  });

  it('deletes versions but not $LATEST alone, and not a version an alias routes to', () => {
    const agg = aggregate({
      versions: 2,
      aliases: [{ name: 'live', functionVersion: '1', routing: { version: '2', weight: 0.5 } }],
    });
    expect(thrown(() => decideDelete(agg, { name: 'f', qualifier: '$LATEST' }, ctx)).message).toBe(
      '$LATEST version cannot be deleted without deleting the function.',
    );
    expect(thrown(() => decideDelete(agg, { name: 'f', qualifier: '2' }, ctx))).toEqual(
      new ResourceConflictException(
        'Unable to delete version because the following aliases reference it: [live]',
      ),
    );
    expect(thrown(() => decideDelete(agg, { name: 'f', qualifier: '7' }, ctx)).message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:f:7',
    );
    expect(decideDelete(agg, { name: 'f', qualifier: undefined }, ctx).changes).toEqual([
      { kind: 'deleteFunction', name: 'f' },
    ]);
  });
});

import type { Decision } from './store.js';
import type { DecisionContext } from './context.js';
import { functionNotFound, InvalidParameterValueException } from './errors.js';
import { requireUpdatable } from './guards.js';
import type { FunctionAggregate, FunctionConfig, FunctionRecord, VersionRecord } from './model.js';
import { FunctionState, UpdateStatus } from './model.js';
import { functionArn } from './names.js';

/** Base64 SHA-256, the form Lambda shows as `CodeSha256`. */
export function codeSha256Base64(sha256Hex: string): string {
  return Buffer.from(sha256Hex, 'hex').toString('base64');
}

/**
 * Snapshots `$LATEST` as the next version. The version is Active unless `$LATEST`'s code is still
 * being prepared, in which case it settles together with `$LATEST`.
 */
export function publishFrom(
  fn: FunctionRecord,
  description: string | undefined,
  ctx: DecisionContext,
): { fn: FunctionRecord; version: VersionRecord } {
  const number = fn.lastVersion + 1;
  const ready =
    fn.latest.state !== FunctionState.Pending && fn.latest.lastUpdateStatus !== UpdateStatus.InProgress;
  const config: FunctionConfig = {
    ...fn.latest,
    description: description ?? fn.latest.description,
    revisionId: ctx.newRevisionId(),
    lastModified: ctx.now,
    state: ready ? FunctionState.Active : FunctionState.Pending,
    stateReason: ready ? undefined : 'The function is being created.',
    stateReasonCode: ready ? undefined : 'Creating',
    lastUpdateStatus: ready ? UpdateStatus.Successful : undefined,
    lastUpdateStatusReason: undefined,
    lastUpdateStatusReasonCode: undefined,
  };
  return {
    fn: {
      ...fn,
      // Publishing is a change to $LATEST's revision too.
      latest: { ...fn.latest, revisionId: ctx.newRevisionId() },
      lastVersion: number,
      changedSincePublish: false,
    },
    version: { functionName: fn.name, version: number, config },
  };
}

/**
 * PublishVersion: a new version if `$LATEST` changed since the last publish, otherwise the last
 * version as it is (AWS ignores the new Description in that case).
 */
export function decidePublish(
  current: FunctionAggregate | undefined,
  input: {
    name: string;
    codeSha256: string | undefined;
    description: string | undefined;
    revisionId: string | undefined;
  },
  ctx: DecisionContext,
): Decision<VersionRecord> {
  if (!current) throw functionNotFound(functionArn(ctx.account, input.name));
  const agg = requireUpdatable(current, input.name, input.revisionId, ctx);
  const latestSha = codeSha256Base64(agg.fn.latest.code.sha256Hex);
  if (input.codeSha256 !== undefined && input.codeSha256 !== latestSha) {
    throw new InvalidParameterValueException(
      `CodeSHA256 (${input.codeSha256}) is different from current CodeSHA256 in $LATEST (${latestSha}). Please try again with the CodeSHA256 in $LATEST.`,
    );
  }
  const previous = agg.versions.get(agg.fn.lastVersion);
  if (!agg.fn.changedSincePublish && previous) return { changes: [], result: previous };
  const published = publishFrom(agg.fn, input.description, ctx);
  return {
    changes: [
      { kind: 'putFunction', fn: published.fn },
      { kind: 'putVersion', version: published.version },
    ],
    result: published.version,
  };
}

import type { Decision } from './store.js';
import type { ConfigSettings } from './config-rules.js';
import type { DecisionContext } from './context.js';
import { functionNotFound, InvalidParameterValueException, ResourceConflictException } from './errors.js';
import { requireUpdatable } from './guards.js';
import type { CodeRef, FunctionAggregate, FunctionConfig, FunctionRecord, VersionRecord } from './model.js';
import { FunctionState, UpdateStatus } from './model.js';
import { functionArn, LATEST } from './names.js';
import { publishFrom } from './version-rules.js';

/** What a create or update returns: the configuration to describe, and which version it is. */
export interface ConfigResult {
  config: FunctionConfig;
  /** `$LATEST`, or the number published along with the change. */
  version: string;
}

const CREATING = 'The function is being created.';

export interface CreateFunctionInput {
  name: string;
  settings: ConfigSettings;
  code: CodeRef;
  publish: boolean;
  tags: Record<string, string>;
}

export function decideCreate(
  current: FunctionAggregate | undefined,
  input: CreateFunctionInput,
  ctx: DecisionContext,
): Decision<ConfigResult> {
  if (current) throw new ResourceConflictException(`Function already exist: ${input.name}`);
  const latest: FunctionConfig = {
    ...input.settings,
    code: input.code,
    revisionId: ctx.newRevisionId(),
    lastModified: ctx.now,
    state: FunctionState.Pending,
    stateReason: CREATING,
    stateReasonCode: 'Creating',
    lastUpdateStatus: undefined,
    lastUpdateStatusReason: undefined,
    lastUpdateStatusReasonCode: undefined,
  };
  const fn: FunctionRecord = {
    name: input.name,
    latest,
    lastVersion: 0,
    changedSincePublish: true,
    reservedConcurrency: undefined,
    tags: input.tags,
  };
  if (!input.publish)
    return { changes: [{ kind: 'putFunction', fn }], result: { config: latest, version: LATEST } };
  const published = publishFrom(fn, undefined, ctx);
  return {
    changes: [
      { kind: 'putFunction', fn: published.fn },
      { kind: 'putVersion', version: published.version },
    ],
    result: { config: published.version.config, version: String(published.version.version) },
  };
}

/** Applies a change to `$LATEST`, marking it in progress until the code is ready (see decideSettle). */
function updateLatest(
  agg: FunctionAggregate,
  change: Partial<ConfigSettings> & { code?: CodeRef },
  publish: boolean,
  ctx: DecisionContext,
): Decision<ConfigResult> {
  const latest: FunctionConfig = {
    ...agg.fn.latest,
    ...change,
    revisionId: ctx.newRevisionId(),
    lastModified: ctx.now,
    lastUpdateStatus: UpdateStatus.InProgress,
    lastUpdateStatusReason: CREATING,
    lastUpdateStatusReasonCode: 'Creating',
  };
  const fn: FunctionRecord = { ...agg.fn, latest, changedSincePublish: true };
  if (!publish)
    return { changes: [{ kind: 'putFunction', fn }], result: { config: latest, version: LATEST } };
  const published = publishFrom(fn, undefined, ctx);
  return {
    changes: [
      { kind: 'putFunction', fn: published.fn },
      { kind: 'putVersion', version: published.version },
    ],
    result: { config: published.version.config, version: String(published.version.version) },
  };
}

export function decideUpdateCode(
  current: FunctionAggregate | undefined,
  input: { name: string; code: CodeRef; publish: boolean; revisionId: string | undefined },
  ctx: DecisionContext,
): Decision<ConfigResult> {
  const agg = requireUpdatable(current, input.name, input.revisionId, ctx);
  return updateLatest(agg, { code: input.code }, input.publish, ctx);
}

export function decideUpdateConfiguration(
  current: FunctionAggregate | undefined,
  input: { name: string; settings: Partial<ConfigSettings>; revisionId: string | undefined },
  ctx: DecisionContext,
): Decision<ConfigResult> {
  const agg = requireUpdatable(current, input.name, input.revisionId, ctx);
  return updateLatest(agg, input.settings, false, ctx);
}

/** How preparing a package for the runtime went. */
export type SettleOutcome = { sha256Hex: string } & ({ ok: true } | { ok: false; reason: string });

/**
 * Finishes a create or update once its code is unpacked (or failed to unpack): `$LATEST` and any
 * version published with it become Active, and `$LATEST` gets a new revision as in Lambda.
 */
export function decideSettle(
  current: FunctionAggregate | undefined,
  outcome: SettleOutcome,
  ctx: DecisionContext,
): Decision<undefined> {
  if (!current) return { changes: [], result: undefined };
  const { latest } = current.fn;
  // The function may have been deleted and re-created with other code since the unpack began.
  if (latest.code.sha256Hex !== outcome.sha256Hex) return { changes: [], result: undefined };
  const creating = latest.state === FunctionState.Pending;
  const updating = latest.lastUpdateStatus === UpdateStatus.InProgress;
  if (!creating && !updating) return { changes: [], result: undefined };
  const settled: FunctionConfig = outcome.ok
    ? {
        ...latest,
        revisionId: ctx.newRevisionId(),
        state: FunctionState.Active,
        stateReason: undefined,
        stateReasonCode: undefined,
        lastUpdateStatus: UpdateStatus.Successful,
        lastUpdateStatusReason: undefined,
        lastUpdateStatusReasonCode: undefined,
      }
    : {
        ...latest,
        revisionId: ctx.newRevisionId(),
        ...(creating
          ? {
              state: FunctionState.Failed,
              stateReason: outcome.reason,
              stateReasonCode: 'InvalidZipFileException',
            }
          : {}),
        lastUpdateStatus: UpdateStatus.Failed,
        lastUpdateStatusReason: outcome.reason,
        lastUpdateStatusReasonCode: 'InvalidZipFileException',
      };
  const versions: VersionRecord[] = [...current.versions.values()]
    .filter((v) => v.config.state === FunctionState.Pending)
    .map((v) => ({
      ...v,
      config: {
        ...v.config,
        state: outcome.ok ? FunctionState.Active : FunctionState.Failed,
        stateReason: outcome.ok ? undefined : outcome.reason,
        stateReasonCode: outcome.ok ? undefined : 'InvalidZipFileException',
        lastUpdateStatus: outcome.ok ? UpdateStatus.Successful : UpdateStatus.Failed,
      },
    }));
  return {
    changes: [
      { kind: 'putFunction', fn: { ...current.fn, latest: settled } },
      ...versions.map((version) => ({ kind: 'putVersion' as const, version })),
    ],
    result: undefined,
  };
}

/** Deletes the whole function, or one version of it. */
export function decideDelete(
  current: FunctionAggregate | undefined,
  input: { name: string; qualifier: string | undefined },
  ctx: DecisionContext,
): Decision<undefined> {
  if (!current) throw functionNotFound(functionArn(ctx.account, input.name));
  const { qualifier } = input;
  if (qualifier === undefined)
    return { changes: [{ kind: 'deleteFunction', name: input.name }], result: undefined };
  if (qualifier === LATEST) {
    throw new InvalidParameterValueException(
      '$LATEST version cannot be deleted without deleting the function.',
    );
  }
  if (!/^[0-9]+$/.test(qualifier)) {
    throw new InvalidParameterValueException(
      `Deletion of aliases is not supported by DeleteFunction: '${qualifier}' is not a version number. Use DeleteAlias.`,
    );
  }
  const version = Number(qualifier);
  if (!current.versions.has(version)) throw functionNotFound(functionArn(ctx.account, input.name, qualifier));
  const referencing = [...current.aliases.values()]
    .filter((a) => a.functionVersion === qualifier || a.routing?.version === qualifier)
    .map((a) => a.name);
  if (referencing.length > 0) {
    throw new ResourceConflictException(
      `Unable to delete version because the following aliases reference it: [${referencing.join(', ')}]`,
    );
  }
  return { changes: [{ kind: 'deleteVersion', functionName: input.name, version }], result: undefined };
}

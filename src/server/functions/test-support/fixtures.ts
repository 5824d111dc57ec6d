import { seededRandom } from '../../../common/random.js';
import type { FunctionChange } from '../store.js';
import { DEFAULT_SETTINGS } from '../config-rules.js';
import type { DecisionContext } from '../context.js';
import type {
  AliasRecord,
  FunctionAggregate,
  FunctionConfig,
  FunctionRecord,
  VersionRecord,
} from '../model.js';

export const account = { region: 'us-east-1', accountId: '000000000000' };

/** A decision context with a fixed time and reproducible revision ids. */
export function context(now = Date.UTC(2026, 0, 1)): DecisionContext {
  const random = seededRandom(1);
  return { account, now, newRevisionId: () => random.uuid() };
}

export function config(overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return {
    ...DEFAULT_SETTINGS,
    runtime: 'nodejs20.x',
    role: 'arn:aws:iam::000000000000:role/r',
    handler: 'index.handler',
    code: { sha256Hex: 'ab'.repeat(32), size: 100, unzippedSize: 200 },
    revisionId: 'rev-latest',
    lastModified: 0,
    state: 'Active',
    stateReason: undefined,
    stateReasonCode: undefined,
    lastUpdateStatus: 'Successful',
    lastUpdateStatusReason: undefined,
    lastUpdateStatusReasonCode: undefined,
    ...overrides,
  };
}

/** A settled function `f` with versions 1..`versions` and the given aliases. */
export function aggregate(
  options: { versions?: number; aliases?: Partial<AliasRecord>[]; fn?: Partial<FunctionRecord> } = {},
): FunctionAggregate {
  const count = options.versions ?? 0;
  const versions = new Map<number, VersionRecord>();
  for (let v = 1; v <= count; v++) {
    versions.set(v, { functionName: 'f', version: v, config: config({ revisionId: `rev-${v}` }) });
  }
  const aliases = new Map<string, AliasRecord>();
  for (const a of options.aliases ?? []) {
    const alias: AliasRecord = {
      functionName: 'f',
      name: 'live',
      functionVersion: '1',
      description: '',
      routing: undefined,
      revisionId: 'rev-alias',
      ...a,
    };
    aliases.set(alias.name, alias);
  }
  const fn: FunctionRecord = {
    name: 'f',
    latest: config(),
    lastVersion: count,
    changedSincePublish: false,
    reservedConcurrency: undefined,
    tags: {},
    ...options.fn,
  };
  return { fn, versions, aliases };
}

/** Applies changes to an aggregate the way the store would, for multi-step tests. */
export function applyChanges(
  agg: FunctionAggregate | undefined,
  changes: readonly FunctionChange[],
): FunctionAggregate | undefined {
  let current = agg;
  for (const change of changes) {
    switch (change.kind) {
      case 'putFunction':
        current = current
          ? { ...current, fn: change.fn }
          : { fn: change.fn, versions: new Map(), aliases: new Map() };
        break;
      case 'deleteFunction':
        current = undefined;
        break;
      case 'putVersion':
        current = current && {
          ...current,
          versions: new Map([...current.versions, [change.version.version, change.version]]),
        };
        break;
      case 'deleteVersion':
        current = current && {
          ...current,
          versions: new Map([...current.versions].filter(([v]) => v !== change.version)),
        };
        break;
      case 'putAlias':
        current = current && {
          ...current,
          aliases: new Map([...current.aliases, [change.alias.name, change.alias]]),
        };
        break;
      case 'deleteAlias':
        current = current && {
          ...current,
          aliases: new Map([...current.aliases].filter(([n]) => n !== change.name)),
        };
        break;
    }
  }
  return current;
}

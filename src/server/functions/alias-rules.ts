import { ValidationException } from '../../common/errors.js';
import type { Decision } from './store.js';
import type { DecisionContext } from './context.js';
import {
  functionNotFound,
  InvalidParameterValueException,
  PreconditionFailedException,
  REVISION_MISMATCH,
  ResourceConflictException,
  ResourceNotFoundException,
} from './errors.js';
import type { AdditionalVersion, AliasRecord, FunctionAggregate } from './model.js';
import { constraintMessage, functionArn, LATEST, validateAliasName, VERSION_PATTERN } from './names.js';

/** Java's rendering of a double, as AWS echoes weights back in messages: 2 -> "2.0". */
function javaDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

function showWeights(weights: Record<string, number>): string {
  return `{${Object.entries(weights)
    .map(([k, v]) => `${k}=${javaDouble(v)}`)
    .join(', ')}}`;
}

function requireVersion(agg: FunctionAggregate, version: string, ctx: DecisionContext): void {
  if (version === LATEST) return;
  if (!agg.versions.has(Number(version)))
    throw functionNotFound(functionArn(ctx.account, agg.fn.name, version));
}

export function validateFunctionVersion(version: string): void {
  if (version.length > 1024 || !/^(\$LATEST|[0-9]+)$/.test(version)) {
    throw new ValidationException(
      constraintMessage(
        version,
        'functionVersion',
        `Member must satisfy regular expression pattern: ${VERSION_PATTERN}`,
      ),
    );
  }
}

/**
 * Checks `AdditionalVersionWeights` against the alias's primary version, in the order AWS checks
 * them (Lambda Developer Guide, weighted aliases), and returns the routing to store (undefined for none).
 */
export function validateRouting(
  weights: Record<string, number>,
  primary: string,
  agg: FunctionAggregate,
  ctx: DecisionContext,
): AdditionalVersion | undefined {
  const entries = Object.entries(weights);
  if (entries.length === 0) return undefined;
  if (entries.length > 1) {
    throw new InvalidParameterValueException(
      'Number of items in AdditionalVersionWeights cannot be greater than 1',
    );
  }
  const [version, weight] = entries[0]!;
  if (!(weight >= 0 && weight <= 1)) {
    throw new ValidationException(
      constraintMessage(
        showWeights(weights),
        'routingConfig.additionalVersionWeights',
        'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]',
      ),
    );
  }
  if (version === primary) {
    throw new InvalidParameterValueException(
      `Invalid function version ${version}. Function version ${version} is already included in routing configuration.`,
    );
  }
  if (primary === LATEST) {
    throw new InvalidParameterValueException(
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
  }
  if (!/^[0-9]+$/.test(version) || version.length > 1024) {
    throw new ValidationException(
      constraintMessage(
        showWeights(weights),
        'routingConfig.additionalVersionWeights',
        'Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]',
      ),
    );
  }
  requireVersion(agg, version, ctx);
  return { version, weight };
}

export interface AliasInput {
  functionName: string;
  name: string;
  functionVersion: string | undefined;
  description: string | undefined;
  /** Undefined leaves routing as it is; an empty map removes it. */
  weights: Record<string, number> | undefined;
}

export function decideCreateAlias(
  current: FunctionAggregate | undefined,
  input: AliasInput & { functionVersion: string },
  ctx: DecisionContext,
): Decision<AliasRecord> {
  validateAliasName(input.name);
  validateFunctionVersion(input.functionVersion);
  if (!current) throw functionNotFound(functionArn(ctx.account, input.functionName, input.functionVersion));
  requireVersion(current, input.functionVersion, ctx);
  if (current.aliases.has(input.name)) {
    throw new ResourceConflictException(
      `Alias already exists: ${functionArn(ctx.account, input.functionName, input.name)}`,
    );
  }
  const alias: AliasRecord = {
    functionName: input.functionName,
    name: input.name,
    functionVersion: input.functionVersion,
    description: input.description ?? '',
    routing: input.weights ? validateRouting(input.weights, input.functionVersion, current, ctx) : undefined,
    revisionId: ctx.newRevisionId(),
  };
  return { changes: [{ kind: 'putAlias', alias }], result: alias };
}

export function decideUpdateAlias(
  current: FunctionAggregate | undefined,
  input: AliasInput & { revisionId: string | undefined },
  ctx: DecisionContext,
): Decision<AliasRecord> {
  if (!current) throw functionNotFound(functionArn(ctx.account, input.functionName));
  const existing = current.aliases.get(input.name);
  if (!existing) {
    throw new ResourceNotFoundException(
      `Alias not found: ${functionArn(ctx.account, input.functionName, input.name)}`,
    );
  }
  if (input.revisionId !== undefined && input.revisionId !== existing.revisionId) {
    throw new PreconditionFailedException(REVISION_MISMATCH);
  }
  const functionVersion = input.functionVersion ?? existing.functionVersion;
  if (input.functionVersion !== undefined) {
    validateFunctionVersion(functionVersion);
    requireVersion(current, functionVersion, ctx);
  }
  const weights =
    input.weights ?? (existing.routing ? { [existing.routing.version]: existing.routing.weight } : {});
  const alias: AliasRecord = {
    ...existing,
    functionVersion,
    description: input.description ?? existing.description,
    routing: validateRouting(weights, functionVersion, current, ctx),
    // UpdateAlias always issues a new revision, even when nothing changed.
    revisionId: ctx.newRevisionId(),
  };
  return { changes: [{ kind: 'putAlias', alias }], result: alias };
}

export function decideDeleteAlias(
  current: FunctionAggregate | undefined,
  input: { functionName: string; name: string },
  ctx: DecisionContext,
): Decision<undefined> {
  if (!current) throw functionNotFound(functionArn(ctx.account, input.functionName));
  // Deleting an alias that does not exist succeeds, as in Lambda.
  if (!current.aliases.has(input.name)) return { changes: [], result: undefined };
  return {
    changes: [{ kind: 'deleteAlias', functionName: input.functionName, name: input.name }],
    result: undefined,
  };
}

export function aliasNotFound(
  ctx: DecisionContext,
  functionName: string,
  name: string,
): ResourceNotFoundException {
  return new ResourceNotFoundException(
    `Cannot find alias arn: ${functionArn(ctx.account, functionName, name)}`,
  );
}

import type { DecisionContext } from './context.js';
import { functionNotFound } from './errors.js';
import type { FunctionAggregate, FunctionConfig } from './model.js';
import { functionArn, isVersionNumber, LATEST } from './names.js';

/** A configuration as a read request addressed it. */
export interface Resolved {
  config: FunctionConfig;
  /** `$LATEST` or the version number the configuration belongs to. */
  version: string;
  /** The ARN to report: unqualified, or qualified exactly as the request was. */
  arn: string;
}

/**
 * Resolves a qualifier for reads (Lambda API Reference, GetFunctionConfiguration: Qualifier): none -> `$LATEST` with the unqualified ARN;
 * `$LATEST` or a version -> that one; an alias -> its primary version, with the alias's ARN.
 */
export function resolveQualifier(
  agg: FunctionAggregate | undefined,
  name: string,
  qualifier: string | undefined,
  ctx: DecisionContext,
): Resolved {
  if (!agg) throw functionNotFound(functionArn(ctx.account, name, qualifier));
  const arn = functionArn(ctx.account, name, qualifier);
  if (qualifier === undefined || qualifier === LATEST) return { config: agg.fn.latest, version: LATEST, arn };
  if (isVersionNumber(qualifier)) {
    const version = agg.versions.get(Number(qualifier));
    if (!version) throw functionNotFound(arn);
    return { config: version.config, version: qualifier, arn };
  }
  const alias = agg.aliases.get(qualifier);
  if (!alias) throw functionNotFound(arn);
  if (alias.functionVersion === LATEST) return { config: agg.fn.latest, version: LATEST, arn };
  const target = agg.versions.get(Number(alias.functionVersion));
  if (!target) throw functionNotFound(arn);
  return { config: target.config, version: alias.functionVersion, arn };
}

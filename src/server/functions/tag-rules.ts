import type { Decision } from './store.js';
import type { DecisionContext } from './context.js';
import { functionNotFound, InvalidParameterValueException } from './errors.js';
import type { FunctionAggregate } from './model.js';
import { functionArn } from './names.js';

export const MAX_TAGS = 50;

export function decideTag(
  current: FunctionAggregate | undefined,
  input: { name: string; tags: Record<string, string> },
  ctx: DecisionContext,
): Decision<undefined> {
  if (!current) throw functionNotFound(functionArn(ctx.account, input.name));
  const tags = { ...current.fn.tags, ...input.tags };
  if (Object.keys(tags).length > MAX_TAGS) {
    throw new InvalidParameterValueException(`Number of tags exceeds resource tag limit of ${MAX_TAGS}.`);
  }
  return { changes: [{ kind: 'putFunction', fn: { ...current.fn, tags } }], result: undefined };
}

export function decideUntag(
  current: FunctionAggregate | undefined,
  input: { name: string; keys: readonly string[] },
  ctx: DecisionContext,
): Decision<undefined> {
  if (!current) throw functionNotFound(functionArn(ctx.account, input.name));
  const tags = Object.fromEntries(Object.entries(current.fn.tags).filter(([k]) => !input.keys.includes(k)));
  return { changes: [{ kind: 'putFunction', fn: { ...current.fn, tags } }], result: undefined };
}

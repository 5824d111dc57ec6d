import { ValidationException } from '../../../common/errors.js';
import { functionNotFound, InvalidParameterValueException } from '../../functions/errors.js';
import { constraintMessage, functionArn, parseFunctionArn, type Account } from '../../functions/names.js';
import { z } from 'zod';
import { restOperation } from '../rest-operation.js';
import type { LambdaDeps } from './operation.js';
import { tagResourceBody } from './schemas.js';

const PATH = '/2017-03-31/tags/:Resource';

export function validateTags(tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) {
      throw new ValidationException(
        constraintMessage(key, 'tags', 'Map keys must have length between 1 and 128'),
      );
    }
    if (value.length > 256) {
      throw new ValidationException(
        constraintMessage(value, 'tags', 'Map values must have length less than or equal to 256'),
      );
    }
  }
}

/** Tags apply to functions: the resource must be an unqualified function ARN. */
function taggedFunction(arn: string, account: Account): string {
  const ref = parseFunctionArn(arn, account);
  if (!ref) {
    throw new ValidationException(
      constraintMessage(
        arn,
        'resource',
        'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function|code-signing-config|event-source-mapping|capacity-provider):[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
      ),
    );
  }
  if (ref.qualifier !== undefined) {
    throw new InvalidParameterValueException(
      'Tags on function aliases and versions are not supported. Please specify a function ARN.',
    );
  }
  return ref.name;
}

const resource = { Resource: z.string() };

export const tagResource = restOperation({
  name: 'TagResource',
  http: { method: 'POST', path: PATH, status: 204 },
  input: () => tagResourceBody.extend(resource),
  async handle(body, { registry }: LambdaDeps) {
    const name = taggedFunction(body.Resource, registry.account);
    validateTags(body.Tags);
    await registry.tag(name, body.Tags);
    return undefined;
  },
});

export const listTags = restOperation({
  name: 'ListTags',
  http: { method: 'GET', path: PATH },
  input: () => z.object(resource),
  async handle(input, { registry }: LambdaDeps) {
    const name = taggedFunction(input.Resource, registry.account);
    const agg = await registry.load(name);
    if (!agg) throw functionNotFound(functionArn(registry.account, name));
    return { Tags: agg.fn.tags };
  },
});

export const untagResource = restOperation({
  name: 'UntagResource',
  http: { method: 'DELETE', path: PATH, query: { TagKeys: ['tagKeys'] }, status: 204 },
  input: () => z.object({ ...resource, TagKeys: z.array(z.string()) }),
  async handle(input, { registry }: LambdaDeps) {
    const name = taggedFunction(input.Resource, registry.account);
    if (input.TagKeys.length === 0) {
      throw new ValidationException(
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
      );
    }
    await registry.untag(name, input.TagKeys);
    return undefined;
  },
});

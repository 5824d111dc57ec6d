import { ValidationException } from '../../../common/errors.js';
import { functionNotFound, InvalidParameterValueException } from '../../functions/errors.js';
import { constraintMessage, functionArn, parseFunctionArn, type Account } from '../../functions/names.js';
import { parseInput, parseJsonBody } from '../validation.js';
import { noContent, type LambdaRequest, type Operation } from './operation.js';
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
function taggedFunction(request: LambdaRequest, account: Account): string {
  const arn = request.params['Resource'] ?? '';
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

export const tagResource: Operation = {
  name: 'TagResource',
  method: 'POST',
  path: PATH,
  async handle(request, { registry }) {
    const name = taggedFunction(request, registry.account);
    const body = parseInput(tagResourceBody, parseJsonBody(request.body));
    validateTags(body.Tags);
    await registry.tag(name, body.Tags);
    return noContent;
  },
};

export const listTags: Operation = {
  name: 'ListTags',
  method: 'GET',
  path: PATH,
  async handle(request, { registry }) {
    const name = taggedFunction(request, registry.account);
    const agg = await registry.load(name);
    if (!agg) throw functionNotFound(functionArn(registry.account, name));
    return { status: 200, body: { Tags: agg.fn.tags } };
  },
};

export const untagResource: Operation = {
  name: 'UntagResource',
  method: 'DELETE',
  path: PATH,
  async handle(request, { registry }) {
    const name = taggedFunction(request, registry.account);
    const keys = request.query.getAll('tagKeys');
    if (keys.length === 0) {
      throw new ValidationException(
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
      );
    }
    await registry.untag(name, keys);
    return noContent;
  },
};

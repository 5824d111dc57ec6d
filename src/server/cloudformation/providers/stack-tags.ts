import type { ApplyRequest } from '../ports.js';
import { text } from './names.js';

/**
 * The tags CloudFormation puts on what it makes (`aws:cloudformation:stack-id`, `...:logical-id`,
 * `...:stack-name`), with the template's own `Tags` (a list of Key/Value or a map). A create
 * retried after a crash finds by them what it made before, where the service draws the id.
 */
export function stackTags(request: ApplyRequest): Record<string, string> {
  const given = request.properties['Tags'];
  const own: Record<string, string> = {};
  if (Array.isArray(given))
    for (const t of given as { Key?: unknown; Value?: unknown }[]) own[text(t.Key)] = text(t.Value);
  else if (given && typeof given === 'object') for (const [k, v] of Object.entries(given)) own[k] = text(v);
  return {
    ...own,
    'aws:cloudformation:stack-name': request.stackName,
    'aws:cloudformation:stack-id': request.stackId,
    'aws:cloudformation:logical-id': request.logicalId,
  };
}

/** Whether tags are those this request's resource was made with. */
export function tagged(tags: Record<string, string> | undefined, request: ApplyRequest): boolean {
  return (
    tags?.['aws:cloudformation:stack-id'] === request.stackId &&
    tags['aws:cloudformation:logical-id'] === request.logicalId
  );
}

import type { ResourceRecord } from '../model.js';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import { errorName } from './names.js';

/**
 * Passes over an error that says the resource is not there (a delete retried after a crash, or
 * of something deleted by hand); throws any other.
 */
export const unlessMissing =
  (code: string) =>
  (error: unknown): void => {
    if (errorName(error) !== code) throw error;
  };

/** API Gateway's (v1 and v2) answer for a missing resource. */
export const unlessNotFound = unlessMissing('NotFoundException');

/** What a create or update made: its physical id (the `Ref`) and `Fn::GetAtt` attributes. */
export interface Made {
  physicalId: string;
  attributes?: Record<string, string>;
}

/**
 * The shape most providers share: a delete is one call, and a resource already gone counts as
 * deleted (CloudFormation's delete of a missing resource succeeds); a create or an update is
 * one step that answers what it made.
 */
export function oneCallProvider(steps: {
  /** The code a delete of a missing resource fails with. */
  missing: string;
  remove(previous: ResourceRecord): Promise<unknown>;
  put(request: ApplyRequest): Promise<Made>;
}): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        const previous = request.previous!;
        await steps.remove(previous).catch(unlessMissing(steps.missing));
        return { kind: 'done', physicalId: previous.physicalId ?? '', attributes: {} };
      }
      const { physicalId, attributes = {} } = await steps.put(request);
      return { kind: 'done', physicalId, attributes };
    },
  };
}

/**
 * Creates, or updates what a create before a crash (or another path, such as an API's quick
 * create) already made: the create's `ConflictException` turns into the update.
 */
export async function createOrUpdate(create: () => Promise<unknown>, update: () => Promise<unknown>) {
  await create().catch(async (error: unknown) => {
    if (errorName(error) !== 'ConflictException') throw error;
    await update();
  });
}

import { validateRuntime } from '../../functions/config-rules.js';
import type { ProcessedTemplate } from '../model.js';

/**
 * Property values checked when the change set is made, so a template that cannot be applied
 * fails its change set and touches nothing (CloudFormation's "early validation" of change sets
 * does the same for property values a resource's schema rejects). A value given through an
 * intrinsic is known only when applied; Lambda checks it then, and the stack rolls back.
 */
export function earlyProblem(template: ProcessedTemplate): string | undefined {
  for (const [id, def] of Object.entries(template.Resources)) {
    if (def.Type !== 'AWS::Lambda::Function') continue;
    const runtime = def.Properties?.['Runtime'];
    if (typeof runtime !== 'string') continue;
    try {
      validateRuntime(runtime);
    } catch (error) {
      return `Properties validation failed for resource ${id} with message: ${(error as Error).message}`;
    }
  }
  return undefined;
}

import { validateRuntime } from '../../functions/config-rules.js';
import { isValidAlarmPeriod } from '../../metrics/alarms/alarm-rules.js';
import type { ProcessedTemplate } from '../model.js';

/** A literal value's problem, in the words of the service that would refuse it. */
function valueProblem(type: string, props: Record<string, unknown>): string | undefined {
  if (type === 'AWS::Lambda::Function' && typeof props['Runtime'] === 'string') {
    try {
      validateRuntime(props['Runtime']);
    } catch (error) {
      return (error as Error).message;
    }
  }
  const period = props['Period'];
  if (
    type === 'AWS::CloudWatch::Alarm' &&
    (typeof period === 'number' || (typeof period === 'string' && /^\d+$/.test(period))) &&
    !isValidAlarmPeriod(Number(period))
  )
    return 'Period must be 10, 20, 30 or a multiple of 60';
  return undefined;
}

/**
 * Property values checked when the change set is made, so a template that cannot be applied
 * fails its change set and touches nothing (CloudFormation's "early validation" of change sets
 * does the same for property values a resource's schema rejects). A value given through an
 * intrinsic is known only when applied; the service checks it then, and the stack rolls back.
 */
export function earlyProblem(template: ProcessedTemplate): string | undefined {
  for (const [id, def] of Object.entries(template.Resources)) {
    const problem = valueProblem(def.Type, def.Properties ?? {});
    if (problem) return `Properties validation failed for resource ${id} with message: ${problem}`;
  }
  return undefined;
}

import { isRecord } from '../../common/is-record.js';

/**
 * The names `gradual deploy` has always given: a function or alarm the template leaves unnamed is
 * `<stack>-<LogicalId>` (cut to the service's limit), where CloudFormation would add a random
 * suffix. Written into the template before it goes to the stack engine, so every other command
 * (`gradual status hello-HelloNode`, `gradual logs ...`) keeps finding them by that name.
 */
const NAMED: Readonly<Record<string, { property: string; max: number }>> = {
  'AWS::Serverless::Function': { property: 'FunctionName', max: 64 },
  'AWS::Lambda::Function': { property: 'FunctionName', max: 64 },
  'AWS::CloudWatch::Alarm': { property: 'AlarmName', max: 255 },
};

/** Sets the default names in place; returns the logical ids it named. */
export function nameResources(template: Record<string, unknown>, stackName: string): string[] {
  const resources = template['Resources'];
  if (!isRecord(resources)) return [];
  const named: string[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource['Type'] !== 'string') continue;
    const rule = Object.hasOwn(NAMED, resource['Type']) ? NAMED[resource['Type']] : undefined;
    if (!rule) continue;
    const props = resource['Properties'] ?? {};
    if (!isRecord(props) || props[rule.property] !== undefined) continue;
    resource['Properties'] = { ...props, [rule.property]: `${stackName}-${id}`.slice(0, rule.max) };
    named.push(id);
  }
  return named;
}

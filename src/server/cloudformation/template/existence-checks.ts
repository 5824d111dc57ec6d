import { PREDEFINED_CONFIGS } from '../../../common/template/deployment-types.js';
import type { ProcessedTemplate } from '../model.js';
import { isRecord } from '../../../common/is-record.js';

/** A name the template gives literally that must exist on the server before anything changes. */
export type NamedThing =
  | { kind: 'deployment-config'; logicalId: string; property: string; name: string }
  | { kind: 'hook-function'; logicalId: string; property: string; name: string };

const HOOKS = ['BeforeAllowTrafficHook', 'AfterAllowTrafficHook'] as const;

/**
 * What a change set checks on the server with reads: each custom deployment config a deployment
 * group names, and each alias update hook named literally (a `!Ref` to a function of the template
 * is made by the stack itself). A function the template names itself is not looked for.
 */
export function namesToCheck(template: ProcessedTemplate): NamedThing[] {
  const made = new Set<unknown>();
  for (const def of Object.values(template.Resources))
    if (def.Type === 'AWS::Lambda::Function') made.add(def.Properties?.['FunctionName']);
  const out: NamedThing[] = [];
  for (const [logicalId, def] of Object.entries(template.Resources)) {
    const config = def.Properties?.['DeploymentConfigName'];
    if (
      def.Type === 'AWS::CodeDeploy::DeploymentGroup' &&
      typeof config === 'string' &&
      !PREDEFINED_CONFIGS.includes(config)
    )
      out.push({ kind: 'deployment-config', logicalId, property: 'DeploymentConfigName', name: config });
    const update = def.UpdatePolicy?.['CodeDeployLambdaAliasUpdate'];
    if (def.Type !== 'AWS::Lambda::Alias' || !isRecord(update)) continue;
    for (const hook of HOOKS) {
      const name = update[hook];
      if (typeof name === 'string' && !made.has(name))
        out.push({
          kind: 'hook-function',
          logicalId,
          property: `UpdatePolicy.CodeDeployLambdaAliasUpdate.${hook}`,
          name,
        });
    }
  }
  return out;
}

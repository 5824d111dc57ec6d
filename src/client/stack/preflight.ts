import { GetDeploymentConfigCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { TemplateError } from '../../common/template/errors.js';
import { PREDEFINED_CONFIGS, SHORT_TYPES } from '../../common/template/deployment-types.js';
import type { FunctionPlan, StackPlan } from '../template/model.js';
import { orUndefined } from './sdk-errors.js';
import { STACK_TAG } from './tags.js';

/** The reads a preflight makes. */
interface PreflightClients {
  lambda: LambdaClient;
  codeDeploy: CodeDeployClient;
}

/**
 * What only the server can tell about a plan, asked with reads before anything is written, so a
 * template that cannot be applied changes nothing: each function is new or this stack's own, each
 * custom deployment config exists, each hook is a function of the template or of the server.
 * The first problem in template order is thrown, named by its path.
 */
export async function preflight(plan: StackPlan, clients: PreflightClients): Promise<void> {
  const inTemplate = new Set(plan.functions.map((f) => f.name));
  const checks = plan.functions.map((fn) => problemsOf(fn, plan.stackName, inTemplate, clients));
  for (const problem of (await Promise.all(checks)).flat()) throw problem;
}

async function problemsOf(
  fn: FunctionPlan,
  stack: string,
  inTemplate: ReadonlySet<string>,
  clients: PreflightClients,
): Promise<TemplateError[]> {
  const problems: TemplateError[] = [];
  const path = `Resources.${fn.logicalId}`;
  const existing = await orUndefined(
    clients.lambda.send(new GetFunctionCommand({ FunctionName: fn.name })),
    'ResourceNotFoundException',
  );
  const owner = existing?.Tags?.[STACK_TAG];
  if (existing && owner !== stack)
    problems.push(
      new TemplateError(
        path,
        `function ${fn.name} already exists ${owner ? `in stack ${owner}` : 'outside any stack'}; give the function another FunctionName or stack name`,
      ),
    );
  const d = fn.deployment;
  if (!d) return problems;
  const preference = `${path}.Properties.DeploymentPreference`;
  if (!PREDEFINED_CONFIGS.includes(d.configName)) {
    const config = await orUndefined(
      clients.codeDeploy.send(new GetDeploymentConfigCommand({ deploymentConfigName: d.configName })),
      'DeploymentConfigDoesNotExistException',
    );
    if (!config)
      problems.push(
        new TemplateError(
          `${preference}.Type`,
          `no deployment config ${d.configName} on the server: create it (aws deploy create-deployment-config) or use one of SAM's types: ${SHORT_TYPES.join(', ')}`,
        ),
      );
  }
  for (const [hook, name] of [
    ['PreTraffic', d.preTraffic],
    ['PostTraffic', d.postTraffic],
  ] as const) {
    if (name === undefined || inTemplate.has(name)) continue;
    const found = await orUndefined(
      clients.lambda.send(new GetFunctionCommand({ FunctionName: name })),
      'ResourceNotFoundException',
    );
    if (!found)
      problems.push(
        new TemplateError(
          `${preference}.Hooks.${hook}`,
          `function ${name} is neither in this template nor on the server`,
        ),
      );
  }
  return problems;
}

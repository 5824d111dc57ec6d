import { GetDeploymentConfigCommand } from '@aws-sdk/client-codedeploy';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { SHORT_TYPES } from '../../../common/template/deployment-types.js';
import type { StackActor } from '../actor.js';
import type { ProcessedTemplate } from '../model.js';
import { namesToCheck, type NamedThing } from '../template/existence-checks.js';
import type { ServiceClients } from './clients.js';
import { errorName } from './names.js';

const MISSING: Record<NamedThing['kind'], string> = {
  'deployment-config': 'DeploymentConfigDoesNotExistException',
  'hook-function': 'ResourceNotFoundException',
};

/**
 * Whether the thing is there; a failure to tell (any other error) counts as there: applying checks
 * again. So does a read the principal may not make: it learns nothing of what it may not read, and
 * the resource's own call, made as it, fails the operation instead.
 */
async function exists(thing: NamedThing, { lambda, codedeploy }: ServiceClients): Promise<boolean> {
  const call =
    thing.kind === 'deployment-config'
      ? codedeploy.send(new GetDeploymentConfigCommand({ deploymentConfigName: thing.name }))
      : lambda.send(new GetFunctionCommand({ FunctionName: thing.name }));
  return call.then(
    () => true,
    (error: unknown) => errorName(error) !== MISSING[thing.kind],
  );
}

function problem(thing: NamedThing): string {
  const at = `Resource ${thing.logicalId} (${thing.property})`;
  return thing.kind === 'deployment-config'
    ? `${at}: no deployment config ${thing.name} on the server: create it (aws deploy create-deployment-config) or use one of SAM's types: ${SHORT_TYPES.join(', ')}`
    : `${at}: function ${thing.name} is neither in this template nor on the server`;
}

/**
 * The change set's reads before anything changes: a template naming a deployment config or hook
 * function that is nowhere fails its change set, rather than creating half a stack and rolling it
 * back. The reads are made as the operation's principal (its caller, or the stack's service role),
 * as CloudFormation's pre-deployment validation reads with the permissions of whoever asks for it
 * ("Validate stack deployments", CloudFormation User Guide: its prerequisites). The first problem
 * in template order, or undefined.
 */
export function existenceCheck(clientsOf: (actor: StackActor) => ServiceClients) {
  return async (template: ProcessedTemplate, actor: StackActor): Promise<string | undefined> => {
    const things = namesToCheck(template);
    const clients = clientsOf(actor);
    const found = await Promise.all(things.map((t) => exists(t, clients)));
    const first = things.find((_, i) => !found[i]);
    return first ? problem(first) : undefined;
  };
}

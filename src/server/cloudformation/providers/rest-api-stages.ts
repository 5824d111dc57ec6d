import {
  CreateDeploymentCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  GetStageCommand,
  UpdateStageCommand,
  type APIGatewayClient,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import type { ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { text } from './names.js';
import { createOrUpdate, oneCallProvider, unlessNotFound } from './one-call-provider.js';

const variablesOf = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text(x)])) : {};

/**
 * AWS::ApiGateway::Deployment: CreateDeployment, a snapshot of the API as it is; physical id (and
 * `Ref`) the deployment's id, `DeploymentId`. Every change makes a new one. With `StageName`
 * the deployment also makes (or moves) that stage; deleting the deployment deletes the stage
 * too while it still serves this deployment (SAM's `Stage` stage), else DeleteDeployment would refuse.
 */
export function restApiDeployment({ apigateway }: ServiceClients): ResourceProvider {
  return oneCallProvider({
    missing: 'NotFoundException',
    async remove(prev) {
      const restApiId = text(prev.properties['RestApiId']);
      const stageName = prev.properties['StageName'];
      if (stageName !== undefined)
        await dropOwnStage(apigateway, restApiId, text(stageName), prev.physicalId!);
      await apigateway.send(new DeleteDeploymentCommand({ restApiId, deploymentId: prev.physicalId! }));
    },
    async put({ properties: p }) {
      const made = await apigateway.send(
        new CreateDeploymentCommand({
          restApiId: text(p['RestApiId']),
          ...(p['Description'] !== undefined ? { description: text(p['Description']) } : {}),
          ...(p['StageName'] !== undefined ? { stageName: text(p['StageName']) } : {}),
          ...(p['StageDescription'] !== undefined ? { stageDescription: text(p['StageDescription']) } : {}),
        }),
      );
      return { physicalId: made.id!, attributes: { DeploymentId: made.id! } };
    },
  });
}

async function dropOwnStage(
  apigateway: APIGatewayClient,
  restApiId: string,
  stageName: string,
  deploymentId: string,
): Promise<void> {
  try {
    const stage = await apigateway.send(new GetStageCommand({ restApiId, stageName }));
    if (stage.deploymentId === deploymentId)
      await apigateway.send(new DeleteStageCommand({ restApiId, stageName })).catch(unlessNotFound);
  } catch (error) {
    unlessNotFound(error);
  }
}

/** UpdateStage's patch operations from the stage's old properties to its new ones. */
export function stagePatch(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): PatchOperation[] {
  const ops: PatchOperation[] = [
    { op: 'replace', path: '/deploymentId', value: text(after['DeploymentId']) },
  ];
  if (after['Description'] !== before['Description'])
    ops.push({
      op: 'replace',
      path: '/description',
      ...(after['Description'] !== undefined ? { value: text(after['Description']) } : {}),
    });
  const old = variablesOf(before['Variables']);
  const now = variablesOf(after['Variables']);
  for (const name of Object.keys(old))
    if (!(name in now)) ops.push({ op: 'remove', path: `/variables/${name}` });
  for (const [name, value] of Object.entries(now))
    if (old[name] !== value) ops.push({ op: 'replace', path: `/variables/${name}`, value });
  return ops;
}

/**
 * AWS::ApiGateway::Stage: CreateStage on `DeploymentId`; an update is UpdateStage (a rollback
 * points the stage back at its old deployment). Physical id (and `Ref`) the stage's name.
 */
export function restApiStage({ apigateway }: ServiceClients): ResourceProvider {
  return oneCallProvider({
    missing: 'NotFoundException',
    remove: (prev) =>
      apigateway.send(
        new DeleteStageCommand({
          restApiId: text(prev.properties['RestApiId']),
          stageName: prev.physicalId!,
        }),
      ),
    async put({ properties: p, previous: prev }) {
      const restApiId = text(p['RestApiId']);
      const stageName = text(p['StageName']);
      const update = (before: Record<string, unknown>) =>
        apigateway.send(
          new UpdateStageCommand({ restApiId, stageName, patchOperations: stagePatch(before, p) }),
        );
      const create = () =>
        apigateway.send(
          new CreateStageCommand({
            restApiId,
            stageName,
            deploymentId: text(p['DeploymentId']),
            ...(p['Description'] !== undefined ? { description: text(p['Description']) } : {}),
            ...(p['Variables'] !== undefined ? { variables: variablesOf(p['Variables']) } : {}),
          }),
        );
      if (prev) await update(prev.properties);
      else await createOrUpdate(create, () => update({}));
      return { physicalId: stageName };
    },
  });
}

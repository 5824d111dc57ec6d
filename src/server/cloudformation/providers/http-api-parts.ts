import {
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteIntegrationCommand,
  DeleteRouteCommand,
  DeleteStageCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
  type IntegrationType,
} from '@aws-sdk/client-apigatewayv2';
import type { ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { text } from './names.js';
import { createOrUpdate, oneCallProvider } from './one-call-provider.js';

const optional = (p: Record<string, unknown>, from: string, to: string): Record<string, string> =>
  p[from] !== undefined ? { [to]: text(p[from]) } : {};

/** AWS::ApiGatewayV2::Integration: Create/Update/DeleteIntegration; physical id (and `Ref`) its id. */
export function httpApiIntegration({ apigatewayv2: v2 }: ServiceClients): ResourceProvider {
  return oneCallProvider({
    missing: 'NotFoundException',
    remove: (prev) =>
      v2.send(
        new DeleteIntegrationCommand({
          ApiId: text(prev.properties['ApiId']),
          IntegrationId: prev.physicalId,
        }),
      ),
    async put({ properties: p, previous: prev }) {
      const spec = {
        ApiId: text(p['ApiId']),
        IntegrationType: text(p['IntegrationType']) as IntegrationType,
        ...optional(p, 'IntegrationUri', 'IntegrationUri'),
        ...optional(p, 'PayloadFormatVersion', 'PayloadFormatVersion'),
        ...optional(p, 'Description', 'Description'),
        ...(p['TimeoutInMillis'] !== undefined ? { TimeoutInMillis: Number(p['TimeoutInMillis']) } : {}),
      };
      const out = prev?.physicalId
        ? await v2.send(new UpdateIntegrationCommand({ ...spec, IntegrationId: prev.physicalId }))
        : await v2.send(new CreateIntegrationCommand(spec));
      return { physicalId: out.IntegrationId! };
    },
  });
}

/** AWS::ApiGatewayV2::Route: Create/Update/DeleteRoute; physical id (and `Ref`) its id. */
export function httpApiRoute({ apigatewayv2: v2 }: ServiceClients): ResourceProvider {
  return oneCallProvider({
    missing: 'NotFoundException',
    remove: (prev) =>
      v2.send(new DeleteRouteCommand({ ApiId: text(prev.properties['ApiId']), RouteId: prev.physicalId })),
    async put({ properties: p, previous: prev }) {
      const spec = {
        ApiId: text(p['ApiId']),
        RouteKey: text(p['RouteKey']),
        ...optional(p, 'Target', 'Target'),
        ...optional(p, 'AuthorizationType', 'AuthorizationType'),
      };
      const out = prev?.physicalId
        ? await v2.send(new UpdateRouteCommand({ ...spec, RouteId: prev.physicalId }))
        : await v2.send(new CreateRouteCommand(spec as typeof spec & { AuthorizationType?: 'NONE' }));
      return { physicalId: out.RouteId! };
    },
  });
}

/** AWS::ApiGatewayV2::Stage: Create/Update/DeleteStage (AutoDeploy); physical id (and `Ref`) its name. */
export function httpApiStage({ apigatewayv2: v2 }: ServiceClients): ResourceProvider {
  return oneCallProvider({
    missing: 'NotFoundException',
    remove: (prev) =>
      v2.send(new DeleteStageCommand({ ApiId: text(prev.properties['ApiId']), StageName: prev.physicalId })),
    async put({ properties: p, previous: prev }) {
      const variables = p['StageVariables'];
      const spec = {
        ApiId: text(p['ApiId']),
        StageName: text(p['StageName']),
        ...(p['AutoDeploy'] !== undefined
          ? { AutoDeploy: p['AutoDeploy'] === true || p['AutoDeploy'] === 'true' }
          : {}),
        ...optional(p, 'Description', 'Description'),
        ...(variables && typeof variables === 'object'
          ? { StageVariables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, text(v)])) }
          : {}),
      };
      const update = () => v2.send(new UpdateStageCommand(spec));
      if (prev) await update();
      else await createOrUpdate(() => v2.send(new CreateStageCommand(spec)), update);
      return { physicalId: spec.StageName };
    },
  });
}

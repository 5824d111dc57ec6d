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
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, text } from './names.js';

const ignoreMissing = (e: unknown): void => {
  if (errorName(e) !== 'NotFoundException') throw e;
};

const optional = (p: Record<string, unknown>, from: string, to: string): Record<string, string> =>
  p[from] !== undefined ? { [to]: text(p[from]) } : {};

const deleted = (request: ApplyRequest): Outcome => ({
  kind: 'done',
  physicalId: request.previous!.physicalId ?? '',
  attributes: {},
});

/** AWS::ApiGatewayV2::Integration: Create/Update/DeleteIntegration; physical id (and `Ref`) its id. */
export function httpApiIntegration({ apigatewayv2: v2 }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const prev = request.previous;
      if (request.action === 'delete') {
        await v2
          .send(
            new DeleteIntegrationCommand({
              ApiId: text(prev!.properties['ApiId']),
              IntegrationId: prev!.physicalId,
            }),
          )
          .catch(ignoreMissing);
        return deleted(request);
      }
      const p = request.properties;
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
      return { kind: 'done', physicalId: out.IntegrationId!, attributes: {} };
    },
  };
}

/** AWS::ApiGatewayV2::Route: Create/Update/DeleteRoute; physical id (and `Ref`) its id. */
export function httpApiRoute({ apigatewayv2: v2 }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const prev = request.previous;
      if (request.action === 'delete') {
        await v2
          .send(new DeleteRouteCommand({ ApiId: text(prev!.properties['ApiId']), RouteId: prev!.physicalId }))
          .catch(ignoreMissing);
        return deleted(request);
      }
      const p = request.properties;
      const spec = {
        ApiId: text(p['ApiId']),
        RouteKey: text(p['RouteKey']),
        ...optional(p, 'Target', 'Target'),
        ...optional(p, 'AuthorizationType', 'AuthorizationType'),
      };
      const out = prev?.physicalId
        ? await v2.send(new UpdateRouteCommand({ ...spec, RouteId: prev.physicalId }))
        : await v2.send(new CreateRouteCommand(spec as typeof spec & { AuthorizationType?: 'NONE' }));
      return { kind: 'done', physicalId: out.RouteId!, attributes: {} };
    },
  };
}

/** AWS::ApiGatewayV2::Stage: Create/Update/DeleteStage (AutoDeploy); physical id (and `Ref`) its name. */
export function httpApiStage({ apigatewayv2: v2 }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const prev = request.previous;
      if (request.action === 'delete') {
        await v2
          .send(
            new DeleteStageCommand({ ApiId: text(prev!.properties['ApiId']), StageName: prev!.physicalId }),
          )
          .catch(ignoreMissing);
        return deleted(request);
      }
      const p = request.properties;
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
      else
        await v2.send(new CreateStageCommand(spec)).catch(async (e: unknown) => {
          // Made before a crash (or by the API's quick create): brought in line instead.
          if (errorName(e) !== 'ConflictException') throw e;
          await update();
        });
      return { kind: 'done', physicalId: spec.StageName, attributes: {} };
    },
  };
}

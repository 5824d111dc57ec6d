import {
  CreateResourceCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  paginateGetResources,
  PutIntegrationCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

const ignoreMissing = (e: unknown): void => {
  if (errorName(e) !== 'NotFoundException') throw e;
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * AWS::ApiGateway::Resource: CreateResource under `ParentId`; physical id (and `Ref`) the
 * resource's id, `ResourceId`. Every change replaces it. A create retried after a crash finds
 * the resource it made (same parent, same path part).
 */
export function restApiResource({ apigateway }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        const prev = request.previous!;
        await apigateway
          .send(
            new DeleteResourceCommand({
              restApiId: text(prev.properties['RestApiId']),
              resourceId: prev.physicalId!,
            }),
          )
          .catch(ignoreMissing);
        return { kind: 'done', physicalId: prev.physicalId ?? '', attributes: {} };
      }
      const p = request.properties;
      const restApiId = text(p['RestApiId']);
      const parentId = text(p['ParentId']);
      const pathPart = text(p['PathPart']);
      let id: string | undefined;
      try {
        id = (await apigateway.send(new CreateResourceCommand({ restApiId, parentId, pathPart }))).id;
      } catch (error) {
        if (errorName(error) !== 'ConflictException') throw error;
        for await (const page of paginateGetResources({ client: apigateway }, { restApiId }))
          id ??= page.items?.find((r) => r.parentId === parentId && r.pathPart === pathPart)?.id;
        if (id === undefined) throw error;
      }
      return { kind: 'done', physicalId: id!, attributes: { ResourceId: id! } };
    },
  };
}

/**
 * AWS::ApiGateway::Method: PutMethod, then its `Integration` (PutIntegration) and
 * `MethodResponses`. An update puts the method again (deleted first: PutMethod refuses one that
 * exists); gradual's integrations are Lambda proxies (API Gateway refuses the rest by name).
 */
export function restApiMethod({ apigateway }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const where = (p: Record<string, unknown>) => ({
        restApiId: text(p['RestApiId']),
        resourceId: text(p['ResourceId']),
        httpMethod: text(p['HttpMethod']),
      });
      if (request.action === 'delete') {
        await apigateway
          .send(new DeleteMethodCommand(where(request.previous!.properties)))
          .catch(ignoreMissing);
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = request.properties;
      const address = where(p);
      await apigateway.send(new DeleteMethodCommand(address)).catch(ignoreMissing);
      await apigateway.send(
        new PutMethodCommand({
          ...address,
          authorizationType: text(p['AuthorizationType'] ?? 'NONE'),
          ...(p['ApiKeyRequired'] !== undefined ? { apiKeyRequired: p['ApiKeyRequired'] === true } : {}),
          ...(p['OperationName'] !== undefined ? { operationName: text(p['OperationName']) } : {}),
          ...(isRecord(p['RequestParameters'])
            ? { requestParameters: p['RequestParameters'] as Record<string, boolean> }
            : {}),
        }),
      );
      const integration = p['Integration'];
      if (isRecord(integration))
        await apigateway.send(
          new PutIntegrationCommand({
            ...address,
            type: text(integration['Type']) as 'AWS_PROXY',
            ...(integration['IntegrationHttpMethod'] !== undefined
              ? { integrationHttpMethod: text(integration['IntegrationHttpMethod']) }
              : {}),
            ...(integration['Uri'] !== undefined ? { uri: text(integration['Uri']) } : {}),
            ...(integration['TimeoutInMillis'] !== undefined
              ? { timeoutInMillis: Number(integration['TimeoutInMillis']) }
              : {}),
          }),
        );
      const responses = Array.isArray(p['MethodResponses']) ? p['MethodResponses'] : [];
      for (const r of responses.filter(isRecord))
        await apigateway.send(
          new PutMethodResponseCommand({ ...address, statusCode: text(r['StatusCode']) }),
        );
      const physicalId =
        request.previous?.physicalId ??
        generatedName(request.stackName, request.logicalId, request.nameSeed, 64);
      return { kind: 'done', physicalId, attributes: {} };
    },
  };
}

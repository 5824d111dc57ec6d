import {
  CreateResourceCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  paginateGetResources,
  PutIntegrationCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import type { ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';
import { oneCallProvider, unlessNotFound } from './one-call-provider.js';
import { isRecord } from '../../../common/is-record.js';

/**
 * AWS::ApiGateway::Resource: CreateResource under `ParentId`; physical id (and `Ref`) the
 * resource's id, `ResourceId`. Every change replaces it. A create retried after a crash finds
 * the resource it made (same parent, same path part).
 */
export function restApiResource({ apigateway }: ServiceClients): ResourceProvider {
  return oneCallProvider({
    missing: 'NotFoundException',
    remove: (prev) =>
      apigateway.send(
        new DeleteResourceCommand({
          restApiId: text(prev.properties['RestApiId']),
          resourceId: prev.physicalId!,
        }),
      ),
    async put({ properties: p }) {
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
      return { physicalId: id!, attributes: { ResourceId: id! } };
    },
  });
}

/**
 * AWS::ApiGateway::Method: PutMethod, then its `Integration` (PutIntegration) and
 * `MethodResponses`. An update puts the method again (deleted first: PutMethod refuses one that
 * exists); gradual's integrations are Lambda proxies (API Gateway refuses the rest by name).
 */
export function restApiMethod({ apigateway }: ServiceClients): ResourceProvider {
  const where = (p: Record<string, unknown>) => ({
    restApiId: text(p['RestApiId']),
    resourceId: text(p['ResourceId']),
    httpMethod: text(p['HttpMethod']),
  });
  return oneCallProvider({
    missing: 'NotFoundException',
    remove: (prev) => apigateway.send(new DeleteMethodCommand(where(prev.properties))),
    async put(request) {
      const p = request.properties;
      const address = where(p);
      await apigateway.send(new DeleteMethodCommand(address)).catch(unlessNotFound);
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
      return { physicalId };
    },
  });
}

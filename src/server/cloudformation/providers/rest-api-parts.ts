import {
  CreateResourceCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  paginateGetResources,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
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

const textMap = (v: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text(x)]));

/**
 * AWS::ApiGateway::Method: PutMethod, its `MethodResponses`, then its `Integration`
 * (PutIntegration, and PutIntegrationResponse for each of a MOCK's `IntegrationResponses`). An
 * update puts the method again (deleted first: PutMethod refuses one that exists); gradual's
 * integrations are Lambda proxies and static MOCKs (API Gateway refuses the rest by name).
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
      // Method responses first: an integration response needs its method response.
      const responses = Array.isArray(p['MethodResponses']) ? p['MethodResponses'] : [];
      for (const r of responses.filter(isRecord))
        await apigateway.send(
          new PutMethodResponseCommand({
            ...address,
            statusCode: text(r['StatusCode']),
            ...(isRecord(r['ResponseParameters'])
              ? { responseParameters: r['ResponseParameters'] as Record<string, boolean> }
              : {}),
          }),
        );
      const integration = p['Integration'];
      if (isRecord(integration)) {
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
            ...(isRecord(integration['RequestTemplates'])
              ? { requestTemplates: textMap(integration['RequestTemplates']) }
              : {}),
            ...(integration['PassthroughBehavior'] !== undefined
              ? { passthroughBehavior: text(integration['PassthroughBehavior']) }
              : {}),
          }),
        );
        const mapped = Array.isArray(integration['IntegrationResponses'])
          ? integration['IntegrationResponses']
          : [];
        for (const r of mapped.filter(isRecord))
          await apigateway.send(
            new PutIntegrationResponseCommand({
              ...address,
              statusCode: text(r['StatusCode']),
              ...(r['SelectionPattern'] !== undefined
                ? { selectionPattern: text(r['SelectionPattern']) }
                : {}),
              ...(isRecord(r['ResponseParameters'])
                ? { responseParameters: textMap(r['ResponseParameters']) }
                : {}),
              ...(isRecord(r['ResponseTemplates'])
                ? { responseTemplates: textMap(r['ResponseTemplates']) }
                : {}),
            }),
          );
      }
      const physicalId =
        request.previous?.physicalId ??
        generatedName(request.stackName, request.logicalId, request.nameSeed, 64);
      return { physicalId };
    },
  });
}

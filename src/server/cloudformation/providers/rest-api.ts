import {
  CreateRestApiCommand,
  DeleteRestApiCommand,
  paginateGetRestApis,
  UpdateRestApiCommand,
  type APIGatewayClient,
  type EndpointType,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { loadTemplate } from '../../../common/template/yaml.js';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { withBodyFromS3 } from './api-body-location.js';
import { errorName, text } from './names.js';
import { bodyMockRoutes } from './openapi-mocks.js';
import { bodyRoutes } from './openapi-routes.js';
import { importBody } from './rest-api-body.js';
import { stackTags, tagged } from './stack-tags.js';
import { isRecord } from '../../../common/is-record.js';

/** The API's name: `Name`, else the body's `info.title` (as an import names it). */
export function apiName(p: Record<string, unknown>): string {
  if (p['Name'] !== undefined) return text(p['Name']);
  const body = typeof p['Body'] === 'string' ? loadTemplate(p['Body']) : p['Body'];
  const info = isRecord(body) && isRecord(body['info']) ? body['info'] : {};
  if (info['title'] === undefined) throw new Error('A REST API needs a Name, or a Body with info.title');
  return text(info['title']);
}

async function findMine(apigateway: APIGatewayClient, request: ApplyRequest): Promise<string | undefined> {
  for await (const page of paginateGetRestApis({ client: apigateway }, {}))
    for (const api of page.items ?? []) if (tagged(api.tags, request)) return api.id;
  return undefined;
}

/**
 * AWS::ApiGateway::RestApi through API Gateway's API: physical id (and `Ref`) the API's id;
 * `RestApiId`, `RootResourceId`. A `Body` (what SAM's `ServerlessRestApi` carries) is imported
 * route by route (see importBody). A create retried after a crash finds the API it made by the
 * stack's tags, as CloudFormation tags what it makes.
 */
export function restApi({ apigateway, s3 }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        await apigateway
          .send(new DeleteRestApiCommand({ restApiId: request.previous!.physicalId! }))
          .catch((e: unknown) => {
            if (errorName(e) !== 'NotFoundException') throw e;
          });
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = await withBodyFromS3(request.properties, s3);
      const name = apiName(p);
      const routes = p['Body'] !== undefined ? bodyRoutes(p['Body'], 'skip') : undefined;
      const mocks = p['Body'] !== undefined ? bodyMockRoutes(p['Body']) : [];
      let id = request.previous?.physicalId ?? (await findMine(apigateway, request));
      let root: string;
      if (id === undefined) {
        const endpoint = isRecord(p['EndpointConfiguration'])
          ? p['EndpointConfiguration']['Types']
          : undefined;
        const made = await apigateway.send(
          new CreateRestApiCommand({
            name,
            ...(p['Description'] !== undefined ? { description: text(p['Description']) } : {}),
            ...(Array.isArray(p['BinaryMediaTypes'])
              ? { binaryMediaTypes: p['BinaryMediaTypes'].map(text) }
              : {}),
            ...(Array.isArray(endpoint)
              ? { endpointConfiguration: { types: endpoint.map(text) as EndpointType[] } }
              : {}),
            tags: stackTags(request),
          }),
        );
        id = made.id!;
        root = made.rootResourceId!;
      } else {
        const description = p['Description'] !== undefined ? { value: text(p['Description']) } : {};
        const patch: PatchOperation[] = [
          { op: 'replace', path: '/name', value: name },
          { op: 'replace', path: '/description', ...description },
        ];
        const updated = await apigateway.send(
          new UpdateRestApiCommand({ restApiId: id, patchOperations: patch }),
        );
        root = updated.rootResourceId!;
      }
      if (routes) await importBody(apigateway, id, routes, mocks);
      return { kind: 'done', physicalId: id, attributes: { RestApiId: id, RootResourceId: root } };
    },
  };
}

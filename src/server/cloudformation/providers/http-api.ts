import {
  CreateApiCommand,
  CreateStageCommand,
  DeleteApiCommand,
  DeleteCorsConfigurationCommand,
  GetApisCommand,
  UpdateApiCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { withBodyFromS3 } from './api-body-location.js';
import { importHttpBody } from './http-api-body.js';
import { httpApiCors } from './http-api-cors.js';
import { errorName, text } from './names.js';
import { bodyRoutes } from './openapi-routes.js';
import { apiName } from './rest-api.js';
import { stackTags, tagged } from './stack-tags.js';

async function findMine(v2: ApiGatewayV2Client, request: ApplyRequest): Promise<string | undefined> {
  const all = (await v2.send(new GetApisCommand({}))).Items ?? [];
  return all.find((api) => tagged(api.Tags, request))?.ApiId;
}

/**
 * Quick create (`Target`): a Lambda proxy integration, its route (`RouteKey`, default
 * `$default`) and the auto-deployed `$default` stage, as CreateApi with a target makes them.
 */
async function quickCreate(v2: ApiGatewayV2Client, apiId: string, p: Record<string, unknown>): Promise<void> {
  await importHttpBody(v2, apiId, [
    {
      path:
        p['RouteKey'] === undefined || p['RouteKey'] === '$default'
          ? '$default'
          : text(p['RouteKey']).split(' ')[1]!,
      method: p['RouteKey'] === undefined ? 'ANY' : text(p['RouteKey']).split(' ')[0]!,
      uri: text(p['Target']),
      payloadFormatVersion: '2.0',
      authorizationType: 'NONE',
    },
  ]);
  await v2
    .send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }))
    .catch((e: unknown) => {
      if (errorName(e) !== 'ConflictException') throw e;
    });
}

/**
 * AWS::ApiGatewayV2::Api (HTTP) through API Gateway v2's API: physical id (and `Ref`) the API's
 * id; `ApiId`, `ApiEndpoint` (the gateway's address). A `Body` (SAM's `ServerlessHttpApi`) is
 * imported route by route; `Target` is the quick create; CORS from `CorsConfiguration` or the
 * body's `x-amazon-apigateway-cors`. A create retried after a crash finds
 * the API it made by the stack's tags.
 */
export function httpApi({ apigatewayv2: v2, s3 }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        await v2.send(new DeleteApiCommand({ ApiId: request.previous!.physicalId! })).catch((e: unknown) => {
          if (errorName(e) !== 'NotFoundException') throw e;
        });
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = await withBodyFromS3(request.properties, s3);
      const name = apiName(p);
      const described = p['Description'] !== undefined ? { Description: text(p['Description']) } : {};
      const cors = httpApiCors(p);
      const withCors = cors ? { CorsConfiguration: cors } : {};
      let id = request.previous?.physicalId ?? (await findMine(v2, request));
      let endpoint: string;
      if (id === undefined) {
        const made = await v2.send(
          new CreateApiCommand({
            Name: name,
            ProtocolType: text(p['ProtocolType'] ?? 'HTTP') as 'HTTP',
            ...described,
            ...withCors,
            ...(p['Version'] !== undefined ? { Version: text(p['Version']) } : {}),
            Tags: stackTags(request),
          }),
        );
        id = made.ApiId!;
        endpoint = made.ApiEndpoint!;
        if (p['Target'] !== undefined) await quickCreate(v2, id, p);
      } else {
        const updated = await v2.send(
          new UpdateApiCommand({ ApiId: id, Name: name, ...described, ...withCors }),
        );
        // A template that drops its CORS configuration drops the API's.
        if (!cors) await v2.send(new DeleteCorsConfigurationCommand({ ApiId: id }));
        endpoint = updated.ApiEndpoint!;
        if (p['Target'] !== undefined) await quickCreate(v2, id, p);
      }
      if (p['Body'] !== undefined) await importHttpBody(v2, id, bodyRoutes(p['Body']));
      return { kind: 'done', physicalId: id, attributes: { ApiId: id, ApiEndpoint: endpoint } };
    },
  };
}

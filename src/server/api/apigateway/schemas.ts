import { z } from 'zod';

/** Request bodies of the API Gateway operations gradual serves (botocore apigateway 2015-07-09). */

const stringMap = z.record(z.string(), z.string());
const boolMap = z.record(z.string(), z.boolean());

export const createRestApiBody = z.object({
  name: z.string(),
  description: z.string().optional(),
  version: z.string().optional(),
  cloneFrom: z.string().optional(),
  binaryMediaTypes: z.array(z.string()).optional(),
  minimumCompressionSize: z.number().int().optional(),
  apiKeySource: z.enum(['HEADER', 'AUTHORIZER']).optional(),
  endpointConfiguration: z
    .object({ types: z.array(z.enum(['EDGE', 'REGIONAL', 'PRIVATE'])).optional() })
    .loose()
    .optional(),
  policy: z.string().optional(),
  tags: stringMap.optional(),
  disableExecuteApiEndpoint: z.boolean().optional(),
});

export const createResourceBody = z.object({ pathPart: z.string() });

export const putMethodBody = z.object({
  authorizationType: z.string(),
  authorizerId: z.string().optional(),
  apiKeyRequired: z.boolean().optional(),
  operationName: z.string().optional(),
  requestParameters: boolMap.optional(),
  requestModels: stringMap.optional(),
  requestValidatorId: z.string().optional(),
  authorizationScopes: z.array(z.string()).optional(),
});

export const putIntegrationBody = z
  .object({
    type: z.string(),
    httpMethod: z.string().optional(),
    uri: z.string().optional(),
    passthroughBehavior: z.string().optional(),
    timeoutInMillis: z.number().int().optional(),
    contentHandling: z.enum(['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT']).optional(),
    cacheKeyParameters: z.array(z.string()).optional(),
    credentials: z.string().optional(),
    requestParameters: stringMap.optional(),
    requestTemplates: stringMap.optional(),
    connectionType: z.string().optional(),
  })
  .loose();

export const putIntegrationResponseBody = z.object({
  selectionPattern: z.string().optional(),
  responseParameters: stringMap.optional(),
  responseTemplates: stringMap.optional(),
  contentHandling: z.enum(['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT']).optional(),
});

export const putMethodResponseBody = z.object({
  responseParameters: boolMap.optional(),
  responseModels: stringMap.optional(),
});

export const createDeploymentBody = z
  .object({
    stageName: z.string().optional(),
    stageDescription: z.string().optional(),
    description: z.string().optional(),
    variables: stringMap.optional(),
    canarySettings: z.object({}).loose().optional(),
    cacheClusterEnabled: z.boolean().optional(),
    tracingEnabled: z.boolean().optional(),
  })
  .loose();

export const createStageBody = z
  .object({
    stageName: z.string(),
    deploymentId: z.string(),
    description: z.string().optional(),
    variables: stringMap.optional(),
    canarySettings: z.object({}).loose().optional(),
    cacheClusterEnabled: z.boolean().optional(),
    tracingEnabled: z.boolean().optional(),
  })
  .loose();

/** UpdateRestApi's and UpdateStage's body, as the rules take it (`from` serves only copy and move, which they refuse). */
export const patchBody = z.object({
  patchOperations: z
    .array(
      z.object({
        op: z.string(),
        path: z.string(),
        value: z.string().optional(),
        from: z.string().optional(),
      }),
    )
    .optional()
    .transform((ops) => (ops ?? []).map(({ op, path, value }) => ({ op, path, value }))),
});

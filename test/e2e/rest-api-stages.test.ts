import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteDeploymentCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { awsCli } from '../support/aws-cli.js';
import { gatewayRequest } from '../support/gateway.js';
import { awsError, createActiveFunction, waitUpdated } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

const zip = (color: string): Promise<Buffer> =>
  buildZip({ 'index.js': `exports.handler = async () => ({ statusCode: 200, body: '${color}' });\n` });

let t: TestServer;
let gw: APIGatewayClient;
let apiId: string;
let resourceId: string;
const fnArn = 'arn:aws:lambda:us-east-1:000000000000:function:colors';

beforeAll(async () => {
  t = await startTestServer();
  gw = new APIGatewayClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: t.credentials,
    maxAttempts: 1,
  });
  await createActiveFunction(t.lambda, 'colors', { Code: { ZipFile: await zip('blue') } });
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'colors' }));
  await t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'colors', ZipFile: await zip('green') }));
  await waitUpdated(t.lambda, 'colors');
  await t.lambda.send(new PublishVersionCommand({ FunctionName: 'colors' }));
  for (const [alias, version] of [
    ['blue', '1'],
    ['green', '2'],
  ] as const) {
    await t.lambda.send(
      new CreateAliasCommand({ FunctionName: 'colors', Name: alias, FunctionVersion: version }),
    );
    await t.lambda.send(
      new AddPermissionCommand({
        FunctionName: 'colors',
        Qualifier: alias,
        StatementId: 'apigw',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      }),
    );
  }
  const api = await gw.send(new CreateRestApiCommand({ name: 'colors' }));
  apiId = api.id!;
  resourceId = (
    await gw.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId, pathPart: 'color' }),
    )
  ).id!;
  await gw.send(
    new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }),
  );
  await gw.send(
    new PutIntegrationCommand({
      restApiId: apiId,
      resourceId,
      httpMethod: 'GET',
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}:\${stageVariables.alias}/invocations`,
    }),
  );
});
afterAll(async () => {
  gw.destroy();
  await t.dispose();
});

const color = async (stage: string): Promise<string> => {
  const reply = await gatewayRequest(
    `${t.server.gateway.url}/restapis/${apiId}/${stage}/_user_request_/color`,
  );
  return `${reply.status} ${reply.text}`;
};

describe('stages: variables in integration URIs, UpdateStage, DeleteStage, deployments', () => {
  it('a stage variable picks the alias; update-stage (AWS CLI) moves the stage to another', async () => {
    const first = await gw.send(
      new CreateDeploymentCommand({ restApiId: apiId, stageName: 'live', variables: { alias: 'blue' } }),
    );
    expect(await color('live')).toBe('200 blue');

    const updated = await awsCli(
      t,
      'apigateway',
      'update-stage',
      '--rest-api-id',
      apiId,
      '--stage-name',
      'live',
      '--patch-operations',
      'op=replace,path=/variables/alias,value=green',
    );
    expect(updated).toMatchObject({
      stageName: 'live',
      deploymentId: first.id,
      variables: { alias: 'green' },
    });
    expect(await color('live')).toBe('200 green');

    // Without the variable the integration has no target: a configuration error, 500.
    await gw.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'live',
        patchOperations: [{ op: 'remove', path: '/variables/alias' }],
      }),
    );
    expect(await color('live')).toBe('500 {"message":"Internal server error"}');
    const bad = await awsError(
      gw.send(
        new UpdateStageCommand({
          restApiId: apiId,
          stageName: 'live',
          patchOperations: [{ op: 'replace', path: '/cacheClusterEnabled', value: 'true' }],
        }),
      ),
    );
    expect(bad).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(bad.message).toContain('gradual supports');
  });

  it('replace /deploymentId rolls a stage back to an earlier deployment; deployments in use cannot be deleted', async () => {
    const one = await gw.send(
      new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { alias: 'blue' } }),
    );
    const extra = await gw.send(
      new CreateResourceCommand({ restApiId: apiId, parentId: resourceId, pathPart: 'new' }),
    );
    await gw.send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId: extra.id,
        httpMethod: 'GET',
        authorizationType: 'NONE',
      }),
    );
    await gw.send(
      new PutIntegrationCommand({
        restApiId: apiId,
        resourceId: extra.id,
        httpMethod: 'GET',
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}:green/invocations`,
      }),
    );
    const two = await gw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
    const url = `${t.server.gateway.url}/restapis/${apiId}/prod/_user_request_/color/new`;
    expect((await gatewayRequest(url)).text).toBe('green');

    await gw.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'prod',
        patchOperations: [{ op: 'replace', path: '/deploymentId', value: one.id }],
      }),
    );
    expect((await gatewayRequest(url)).status).toBe(403);
    expect((await gw.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }))).deploymentId).toBe(
      one.id,
    );

    const inUse = await awsError(
      gw.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: one.id })),
    );
    expect(inUse).toMatchObject({
      name: 'BadRequestException',
      message: 'Active stages pointing to this deployment must be moved or deleted',
    });
    expect((await gw.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: two.id }))).id).toBe(
      two.id,
    );
    await gw.send(new DeleteDeploymentCommand({ restApiId: apiId, deploymentId: two.id }));
    const gone = await awsError(
      gw.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId: two.id })),
    );
    expect(gone).toMatchObject({
      name: 'NotFoundException',
      message: 'Invalid Deployment identifier specified',
    });

    await gw.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(await color('prod')).toBe('403 {"message":"Forbidden"}');
  });
});

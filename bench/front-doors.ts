/**
 * Front-door benchmark: the same trivial Node handler reached through each of gradual's HTTP front
 * doors (a function URL, an API Gateway REST API stage with a proxy integration, an HTTP API with
 * `ANY /{proxy+}` on an AutoDeploy `$default` stage), in turning rounds of the same run: what each
 * door's routing, permission check and payload format cost next to the function URL's. Run:
 * `npm run bench:front-doors` (`ROUNDS`, `SECONDS` adjust it).
 */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONCURRENCY,
  clientConfig,
  ensureBenchRole,
  cpuMs,
  createFunction,
  fmt,
  measure,
  median,
  SECONDS,
  startGradual,
  type Figures,
} from './invoke-harness.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
/** A proxy response both payload formats accept. */
const HANDLER = 'async (event) => ({ statusCode: 200, body: JSON.stringify({ ok: true }) })';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:bench';

async function functionUrlPath(lambda: LambdaClient): Promise<string> {
  const url = await lambda.send(
    new CreateFunctionUrlConfigCommand({ FunctionName: 'bench', AuthType: 'NONE' }),
  );
  return `/lambda-url/${new URL(url.FunctionUrl!).hostname.split('.')[0]}/`;
}

async function restApiPath(apigw: APIGatewayClient): Promise<string> {
  const rest = await apigw.send(new CreateRestApiCommand({ name: 'bench' }));
  const proxy = await apigw.send(
    new CreateResourceCommand({ restApiId: rest.id, parentId: rest.rootResourceId, pathPart: '{proxy+}' }),
  );
  const address = { restApiId: rest.id, resourceId: proxy.id, httpMethod: 'ANY' };
  await apigw.send(new PutMethodCommand({ ...address, authorizationType: 'NONE' }));
  await apigw.send(
    new PutIntegrationCommand({
      ...address,
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
    }),
  );
  await apigw.send(new CreateDeploymentCommand({ restApiId: rest.id, stageName: 'prod' }));
  return `/restapis/${rest.id}/prod/_user_request_/bench`;
}

async function httpApiPath(apigw: ApiGatewayV2Client): Promise<string> {
  const api = await apigw.send(new CreateApiCommand({ Name: 'bench', ProtocolType: 'HTTP' }));
  const integration = await apigw.send(
    new CreateIntegrationCommand({
      ApiId: api.ApiId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: FUNCTION_ARN,
      PayloadFormatVersion: '2.0',
    }),
  );
  await apigw.send(
    new CreateRouteCommand({
      ApiId: api.ApiId,
      RouteKey: 'ANY /{proxy+}',
      Target: `integrations/${integration.IntegrationId}`,
    }),
  );
  await apigw.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default', AutoDeploy: true }));
  return `/httpapis/${api.ApiId}/bench`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-'));
  const gradual = await startGradual(dataDir);
  const { child, gateway } = gradual;
  const config = clientConfig(gradual.url);
  await ensureBenchRole(config);
  const lambda = new LambdaClient(config);
  const rest = new APIGatewayClient(config);
  const http = new ApiGatewayV2Client(config);
  try {
    await createFunction(lambda, 'bench', HANDLER);
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'bench',
        StatementId: 'apigw',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:*/*/*',
      }),
    );
    const doors = [
      { name: 'function URL', path: await functionUrlPath(lambda) },
      { name: 'REST API', path: await restApiPath(rest) },
      { name: 'HTTP API', path: await httpApiPath(http) },
    ].map((door) => ({ ...door, figures: [] as Figures[], cpu: [] as number[] }));

    for (let round = 0; round < ROUNDS; round++) {
      // Turning order, so no door always runs first on a warming machine.
      for (let i = 0; i < doors.length; i++) {
        const door = doors[(round + i) % doors.length]!;
        const before = cpuMs(child.pid!);
        const figures = await measure(gateway, door.path, CONCURRENCY);
        door.figures.push(figures);
        door.cpu.push((cpuMs(child.pid!) - before) / (figures.throughput * (SECONDS + 1)));
      }
    }
    const mid = (door: (typeof doors)[number], key: keyof Figures): number =>
      median(door.figures.map((f) => f[key]));
    const url = doors[0]!;
    const row = (label: string, value: (door: (typeof doors)[number]) => number, digits: number): string =>
      label.padEnd(24) +
      doors
        .map(
          (d) =>
            `${fmt(value(d), digits).padStart(12)}${d === url ? '' : ` (${fmt(value(d) / value(url))})`}`,
        )
        .join('  ');
    process.stdout.write(
      [
        `Front-door benchmark (${new Date().toISOString()}, node ${process.version}, ${CONCURRENCY} in flight, ${SECONDS}s per run, median of ${ROUNDS} rounds; ratios to the function URL)`,
        '',
        ' '.repeat(24) + doors.map((d, i) => d.name.padStart(12 + (i === 0 ? 0 : 7))).join('  '),
        row('throughput (req/s)', (d) => mid(d, 'throughput'), 0),
        row('p50 latency (ms)', (d) => mid(d, 'p50'), 3),
        row('p99 latency (ms)', (d) => mid(d, 'p99'), 3),
        row('server CPU / request', (d) => median(d.cpu), 3),
        '',
      ].join('\n'),
    );
  } finally {
    lambda.destroy();
    rest.destroy();
    http.destroy();
    await gradual.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

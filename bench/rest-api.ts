/**
 * REST API stage benchmark: the same trivial Node handler reached through a function URL and
 * through an API Gateway REST API stage (ANY /{proxy+}, Lambda proxy integration) on gradual's
 * gateway, in alternating rounds of the same run: what the REST front door (stage routes, the
 * permission check, payload format 1.0) costs next to the function URL one. Run:
 * `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true node --import tsx bench/rest-api.ts`.
 */
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONCURRENCY,
  clientConfig,
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

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gradual-bench-'));
  const gradual = await startGradual(dataDir);
  const { child, gateway } = gradual;
  const lambda = new LambdaClient(clientConfig(gradual.url));
  const apigw = new APIGatewayClient(clientConfig(gradual.url));
  try {
    await createFunction(lambda, 'bench', HANDLER);
    const url = await lambda.send(
      new CreateFunctionUrlConfigCommand({ FunctionName: 'bench', AuthType: 'NONE' }),
    );
    const urlPath = `/lambda-url/${new URL(url.FunctionUrl!).hostname.split('.')[0]}/`;
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'bench',
        StatementId: 'apigw',
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: 'arn:aws:execute-api:us-east-1:000000000000:*/*/*',
      }),
    );
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
        uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:bench/invocations',
      }),
    );
    await apigw.send(new CreateDeploymentCommand({ restApiId: rest.id, stageName: 'prod' }));
    const restPath = `/restapis/${rest.id}/prod/_user_request_/bench`;

    const u: Figures[] = [];
    const r: Figures[] = [];
    const uCpu: number[] = [];
    const rCpu: number[] = [];
    const withCpu = async (path: string, into: number[]): Promise<Figures> => {
      const before = cpuMs(child.pid!);
      const figures = await measure(gateway, path, CONCURRENCY);
      into.push((cpuMs(child.pid!) - before) / (figures.throughput * (SECONDS + 1)));
      return figures;
    };
    for (let round = 0; round < ROUNDS; round++) {
      u.push(await withCpu(urlPath, uCpu));
      r.push(await withCpu(restPath, rCpu));
    }
    const mid = (xs: Figures[], key: keyof Figures): number => median(xs.map((x) => x[key]));
    const row = (label: string, key: keyof Figures, digits: number): string =>
      `${label.padEnd(24)} ${fmt(mid(u, key), digits).padStart(10)}   ${fmt(mid(r, key), digits).padStart(10)}     ${fmt(mid(r, key) / mid(u, key))}`;
    process.stdout.write(
      [
        `REST API stage benchmark (${new Date().toISOString()}, node ${process.version}, ${CONCURRENCY} in flight, ${SECONDS}s per run, median of ${ROUNDS} rounds)`,
        '',
        '                         function URL    REST API     REST / URL',
        row('throughput (req/s)', 'throughput', 0),
        row('p50 latency (ms)', 'p50', 3),
        row('p99 latency (ms)', 'p99', 3),
        `server CPU per request   ${fmt(median(uCpu), 3).padStart(10)}   ${fmt(median(rCpu), 3).padStart(10)} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    lambda.destroy();
    apigw.destroy();
    await gradual.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

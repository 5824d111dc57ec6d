/**
 * HTTP API benchmark: the same trivial Node handler reached through a function URL and through an
 * API Gateway HTTP API (`ANY /{proxy+}`, payload format 2.0, `$default` AutoDeploy stage) on
 * gradual's gateway, in alternating rounds of the same run: what the HTTP API front door (route
 * selection, the permission check) costs next to the function URL one. Run:
 * `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true node --import tsx bench/http-api.ts`.
 */
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
  const apigw = new ApiGatewayV2Client(clientConfig(gradual.url));
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
    const api = await apigw.send(new CreateApiCommand({ Name: 'bench', ProtocolType: 'HTTP' }));
    const integration = await apigw.send(
      new CreateIntegrationCommand({
        ApiId: api.ApiId,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
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
    const restPath = `/httpapis/${api.ApiId}/bench`;

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
        `HTTP API benchmark (${new Date().toISOString()}, node ${process.version}, ${CONCURRENCY} in flight, ${SECONDS}s per run, median of ${ROUNDS} rounds)`,
        '',
        '                         function URL    HTTP API     HTTP / URL',
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

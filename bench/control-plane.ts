/**
 * Control-plane latency: CreateFunction and UpdateFunctionCode with a 5 MB zip, PublishVersion of
 * a 5 MB function, GetAlias. Baseline, measured in the same run: a bare Node HTTP server that
 * reads the same request and answers a canned response of the same shape, driven by the same SDK
 * client. The ratio is what gradual's work (validation, SigV4, zip checks, fsync'd SQLite and
 * code writes) costs on top of HTTP + SDK.
 *
 * Run: npm run bench:control [-- --iterations 20]
 */
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildZip } from '../src/common/zip-writer.js';
import { ROLE } from '../test/support/functions.js';
import { startTestServer } from '../test/support/server.js';
import { median, printTable, timed, type Row } from './stats.js';

const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 15;

/** A bare server: reads the body, answers a canned JSON body with the operation's status. */
async function bareServer(): Promise<{ server: Server; url: string }> {
  const alias = {
    AliasArn: 'arn:aws:lambda:us-east-1:000000000000:function:f:live',
    Name: 'live',
    FunctionVersion: '1',
    Description: '',
    RevisionId: 'r',
  };
  const config = { FunctionName: 'f', Version: '1', State: 'Active', LastUpdateStatus: 'Successful' };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Buffer.concat(chunks);
      const isAlias = req.url?.includes('/aliases');
      const status = req.method === 'POST' ? 201 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(isAlias ? alias : config));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function waitSettled(lambda: LambdaClient, name: string): Promise<void> {
  for (;;) {
    const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (c.State === 'Active' && c.LastUpdateStatus === 'Successful') return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  // Incompressible content so the zip really is 5 MB.
  const zip5 = await buildZip({
    'index.js': 'exports.handler = async () => 1;\n',
    'blob.bin': randomBytes(5 * 1024 * 1024),
  });
  const t = await startTestServer();
  const bare = await bareServer();
  const g = t.lambda;
  const b = new LambdaClient({ endpoint: bare.url, region: 'us-east-1', credentials: t.credentials });
  const samples: Record<string, { gradual: number[]; baseline: number[] }> = {};
  const add = (name: string, gradual: number, baseline: number): void => {
    (samples[name] ??= { gradual: [], baseline: [] }).gradual.push(gradual);
    samples[name].baseline.push(baseline);
  };

  await g.send(
    new CreateFunctionCommand({
      FunctionName: 'aliased',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip5 },
    }),
  );
  await waitSettled(g, 'aliased');
  await g.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
  await g.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }));

  for (let i = 0; i < iterations; i++) {
    const name = `bench-${i}`;
    const create = (client: LambdaClient) => () =>
      client.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zip5 },
        }),
      );
    add('CreateFunction (5 MB zip)', await timed(create(g)), await timed(create(b)));
    await waitSettled(g, name);

    const update = (client: LambdaClient) => () =>
      client.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip5 }));
    add('UpdateFunctionCode (5 MB zip)', await timed(update(g)), await timed(update(b)));
    await waitSettled(g, name);

    await g.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: `d${i}` }));
    await waitSettled(g, name);
    const publish = (client: LambdaClient) => () =>
      client.send(new PublishVersionCommand({ FunctionName: name }));
    add('PublishVersion (5 MB function)', await timed(publish(g)), await timed(publish(b)));

    for (let k = 0; k < 20; k++) {
      const get = (client: LambdaClient) => () =>
        client.send(new GetAliasCommand({ FunctionName: 'aliased', Name: 'live' }));
      add('GetAlias', await timed(get(g)), await timed(get(b)));
    }
  }

  const rows: Row[] = Object.entries(samples).map(([name, s]) => ({
    name,
    gradual: median(s.gradual),
    baseline: median(s.baseline),
    unit: 'ms',
  }));
  printTable(
    `Control-plane latency, median of ${iterations} runs (GetAlias: ${iterations * 20})`,
    'bare node http',
    rows,
  );
  b.destroy();
  bare.server.close();
  await t.dispose();
}

await main();

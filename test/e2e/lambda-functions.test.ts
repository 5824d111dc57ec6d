import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { nodeZip, ROLE } from '../support/functions.js';
import { awsError, createActiveFunction, waitUpdated } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.dispose();
});

const arn = (name: string, q?: string): string =>
  `arn:aws:lambda:us-east-1:000000000000:function:${name}${q === undefined ? '' : `:${q}`}`;

describe('CreateFunction and reading it back', () => {
  it('creates Pending, becomes Active, and describes itself as Lambda does', async () => {
    const zip = await nodeZip({ hello: 'world' });
    const created = await t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'shape',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
        Description: 'a function',
        Environment: { Variables: { GREETING: 'hi' } },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      FunctionName: 'shape',
      FunctionArn: arn('shape'),
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      CodeSize: zip.length,
      CodeSha256: createHash('sha256').update(zip).digest('base64'),
      Description: 'a function',
      Timeout: 3,
      MemorySize: 128,
      Version: '$LATEST',
      Environment: { Variables: { GREETING: 'hi' } },
      TracingConfig: { Mode: 'PassThrough' },
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      EphemeralStorage: { Size: 512 },
      State: 'Pending',
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating',
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/shape' },
    });
    expect(created.LastUpdateStatus).toBeUndefined();
    expect(created.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    await createActiveFunction(t.lambda, 'shape2');
    const got = await t.lambda.send(new GetFunctionCommand({ FunctionName: 'shape2' }));
    expect(got.Configuration).toMatchObject({
      State: 'Active',
      LastUpdateStatus: 'Successful',
      FunctionArn: arn('shape2'),
    });
    expect(got.Code?.RepositoryType).toBe('S3');
    const download = await fetch(got.Code!.Location!);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(await nodeZip({ name: 'shape2' }))).toBe(true);
    const forged = await fetch(got.Code!.Location!.replace(/signature=[^&]+/, 'signature=forged'));
    expect(forged.status).toBe(403);
  });

  it('refuses what Lambda refuses, with its error types and messages', async () => {
    const zip = await nodeZip();
    const base = {
      FunctionName: 'bad',
      Runtime: 'nodejs20.x' as const,
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip },
    };
    const cases: [Record<string, unknown>, string, number, string | RegExp][] = [
      [
        { Role: 'r1' },
        'ValidationException',
        400,
        /^1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:/,
      ],
      [
        { Runtime: 'cobol1.0' },
        'InvalidParameterValueException',
        400,
        /^Value cobol1.0 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[nodejs18.x, /,
      ],
      [
        { Runtime: 'nodejs14.x' },
        'InvalidParameterValueException',
        400,
        'The runtime parameter of nodejs14.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.',
      ],
      [
        { Code: { ZipFile: Buffer.from('not a zip') } },
        'InvalidParameterValueException',
        400,
        'Could not unzip uploaded file. Please check your file, then try to upload again.',
      ],
      [
        { Environment: { Variables: { AWS_REGION: 'x' } } },
        'InvalidParameterValueException',
        400,
        'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION',
      ],
      [
        { Environment: { Variables: { BIG: 'x'.repeat(5000) } } },
        'InvalidParameterValueException',
        400,
        /exceeded the 4KB limit. String measured: \{"BIG":"x/,
      ],
      [
        { Architectures: ['X86_64'] },
        'ValidationException',
        400,
        "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
      ],
      [
        { Timeout: 0 },
        'ValidationException',
        400,
        "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ],
      [{ MemorySize: 64, Timeout: 1000 }, 'ValidationException', 400, /^2 validation errors detected: /],
      [
        { FunctionName: 'x'.repeat(65) },
        'InvalidParameterValueException',
        400,
        /Member must have length less than or equal to 64$/,
      ],
      [
        { FunctionName: 'no spaces' },
        'ValidationException',
        400,
        /at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      ],
      [
        { Handler: undefined },
        'InvalidParameterValueException',
        400,
        'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
      ],
      [
        { Code: { S3Bucket: 'b', S3Key: 'k' } },
        'InvalidParameterValueException',
        400,
        'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
      ],
      [
        { Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:l:1'] },
        'InvalidParameterValueException',
        400,
        /gradual does not support Layers/,
      ],
    ];
    for (const [override, name, status, message] of cases) {
      const e = await awsError(t.lambda.send(new CreateFunctionCommand({ ...base, ...override })));
      expect({ override, name: e.name, status: e.status }).toEqual({ override, name, status });
      if (typeof message === 'string') expect(e.message).toBe(message);
      else expect(e.message).toMatch(message);
    }
    await createActiveFunction(t.lambda, 'dup');
    const dup = await awsError(t.lambda.send(new CreateFunctionCommand({ ...base, FunctionName: 'dup' })));
    expect(dup).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
      message: 'Function already exist: dup',
    });
  });

  it('rejects malformed bodies and oversized requests without a 500 or a partial write', async () => {
    const url = `${t.server.url}/2015-03-31/functions`;
    const malformed = await signedFetch(url, {
      method: 'POST',
      body: '{not json',
      credentials: t.credentials,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    expect(((await malformed.json()) as { message: string }).message).toMatch(
      /^Could not parse request body into json: /,
    );

    const wrongType = await signedFetch(url, {
      method: 'POST',
      credentials: t.credentials,
      body: JSON.stringify({
        FunctionName: 'typed',
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'i.h',
        Code: { ZipFile: '' },
        Timeout: 'ten',
      }),
    });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { message: string }).message).toBe(
      "Could not parse request body into json: 'timeout' must be a number, not a string",
    );
    const badBase64 = await signedFetch(url, {
      method: 'POST',
      credentials: t.credentials,
      body: JSON.stringify({
        FunctionName: 'b64',
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'i.h',
        Code: { ZipFile: '%%%' },
      }),
    });
    expect(badBase64.status).toBe(400);

    // A body announced past the whole-request limit is refused before it is read.
    const tooBig = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: { 'content-length': String(70_167_212) } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['x-amzn-errortype']), body });
          });
        },
      );
      req.on('error', reject);
      req.write('{');
    });
    expect(tooBig).toMatchObject({ status: 413, type: 'RequestEntityTooLargeException' });
    expect(tooBig.body).toContain(
      'Request must be smaller than 70167211 bytes for the CreateFunction operation',
    );
    for (const name of ['typed', 'b64', 'huge']) {
      expect((await awsError(t.lambda.send(new GetFunctionCommand({ FunctionName: name })))).status).toBe(
        404,
      );
    }
  });

  it('answers not-found with the exact messages per qualifier', async () => {
    await createActiveFunction(t.lambda, 'nf');
    const cases: [string, string | undefined, string][] = [
      ['missing', undefined, `Function not found: ${arn('missing')}`],
      ['nf', '1221', `Function not found: ${arn('nf', '1221')}`],
      ['nf', 'aliasdoesnotexist', `Function not found: ${arn('nf', 'aliasdoesnotexist')}`],
    ];
    for (const [name, qualifier, message] of cases) {
      const e = await awsError(
        t.lambda.send(new GetFunctionCommand({ FunctionName: name, Qualifier: qualifier })),
      );
      expect(e).toMatchObject({ name: 'ResourceNotFoundException', status: 404, message });
    }
    const mismatch = await awsError(
      t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'nf:live', Qualifier: 'beta' })),
    );
    expect(mismatch).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
    });
    const region = await awsError(
      t.lambda.send(
        new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:nf' }),
      ),
    );
    expect(region).toMatchObject({
      status: 404,
      message: "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')",
    });
  });
});

describe('updates and versions', () => {
  it('moves LastUpdateStatus InProgress -> Successful, checks RevisionId, and publishes immutable snapshots', async () => {
    await createActiveFunction(t.lambda, 'ver', { Description: 'first' });
    const v1 = await t.lambda.send(new PublishVersionCommand({ FunctionName: 'ver' }));
    expect(v1).toMatchObject({
      Version: '1',
      FunctionArn: arn('ver', '1'),
      Description: 'first',
      $metadata: { httpStatusCode: 201 },
    });

    const again = await t.lambda.send(
      new PublishVersionCommand({ FunctionName: 'ver', Description: 'ignored' }),
    );
    expect(again).toMatchObject({ Version: '1', Description: 'first', RevisionId: v1.RevisionId });

    const stale = await awsError(
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'ver', Timeout: 10, RevisionId: 'stale' }),
      ),
    );
    expect(stale).toMatchObject({
      name: 'PreconditionFailedException',
      status: 412,
      message:
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    });
    const current = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'ver' }));
    const updated = await t.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'ver',
        Timeout: 10,
        Description: 'second',
        RevisionId: current.RevisionId,
      }),
    );
    expect(updated).toMatchObject({
      Timeout: 10,
      State: 'Active',
      LastUpdateStatus: 'InProgress',
      LastUpdateStatusReasonCode: 'Creating',
    });
    await waitUpdated(t.lambda, 'ver');
    const v2 = await t.lambda.send(new PublishVersionCommand({ FunctionName: 'ver' }));
    expect(v2).toMatchObject({ Version: '2', Timeout: 10, Description: 'second' });

    const newCode = await nodeZip({ v: 3 });
    const codeUpdate = await t.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'ver', ZipFile: newCode, Publish: true }),
    );
    expect(codeUpdate).toMatchObject({ Version: '3', FunctionArn: arn('ver', '3') });
    await waitUpdated(t.lambda, 'ver');

    const old = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'ver', Qualifier: '1' }),
    );
    expect(old).toMatchObject({
      Version: '1',
      Timeout: 3,
      Description: 'first',
      CodeSha256: v1.CodeSha256,
      FunctionArn: arn('ver', '1'),
    });
    const latest = await t.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: 'ver', Qualifier: '$LATEST' }),
    );
    expect(latest).toMatchObject({
      Version: '$LATEST',
      FunctionArn: arn('ver', '$LATEST'),
      CodeSha256: createHash('sha256').update(newCode).digest('base64'),
    });

    const sha = await awsError(
      t.lambda.send(new PublishVersionCommand({ FunctionName: 'ver', CodeSha256: 'wrong' })),
    );
    expect(sha.message).toMatch(/^CodeSHA256 \(wrong\) is different from current CodeSHA256 in \$LATEST/);

    const versions = await t.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'ver' }));
    expect(versions.Versions?.map((v) => [v.Version, v.FunctionArn])).toEqual([
      ['$LATEST', arn('ver', '$LATEST')],
      ['1', arn('ver', '1')],
      ['2', arn('ver', '2')],
      ['3', arn('ver', '3')],
    ]);
    expect(versions.Versions?.[0]?.State).toBeUndefined();

    await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'ver', Qualifier: '2' }));
    const latestOnly = await awsError(
      t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'ver:$LATEST' })),
    );
    expect(latestOnly.message).toBe('$LATEST version cannot be deleted without deleting the function.');
    await t.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'ver', Timeout: 20 }));
    await waitUpdated(t.lambda, 'ver');
    expect((await t.lambda.send(new PublishVersionCommand({ FunctionName: 'ver' }))).Version).toBe('4');
  });

  it('refuses a second update while one is in progress', async () => {
    await createActiveFunction(t.lambda, 'busy');
    const zip = await nodeZip({ big: 'x'.repeat(2_000_000) });
    await t.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'busy', ZipFile: zip }));
    const conflict = await awsError(
      t.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'busy', Timeout: 5 })),
    );
    expect(conflict).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${arn('busy')}`,
    });
    await waitUpdated(t.lambda, 'busy');
  });

  it('Create with Publish returns version 1 under the unqualified ARN', async () => {
    const created = await t.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'pub',
        Runtime: 'python3.12',
        Role: ROLE,
        Handler: 'app.handler',
        Code: { ZipFile: await buildZip({ 'app.py': 'def handler(e, c):\n  return 1\n' }) },
        Publish: true,
      }),
    );
    expect(created).toMatchObject({ Version: '1', FunctionArn: arn('pub'), State: 'Pending' });
    await waitUpdated(t.lambda, 'pub', '1');
  });

  it('deletes a function with everything it has', async () => {
    await createActiveFunction(t.lambda, 'gone');
    await t.lambda.send(new PublishVersionCommand({ FunctionName: 'gone' }));
    const deleted = await t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'gone' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const e = await awsError(t.lambda.send(new DeleteFunctionCommand({ FunctionName: 'gone' })));
    expect(e).toMatchObject({ status: 404, message: `Function not found: ${arn('gone')}` });
    const e2 = await awsError(
      t.lambda.send(new GetFunctionCommand({ FunctionName: 'gone', Qualifier: '1' })),
    );
    expect(e2.status).toBe(404);
  });
});

describe('ListFunctions', () => {
  it('pages through every function, and every version with FunctionVersion=ALL', async () => {
    for (let i = 0; i < 7; i++) await createActiveFunction(t.lambda, `page-${i}`);
    await t.lambda.send(new PublishVersionCommand({ FunctionName: 'page-0' }));
    const names: string[] = [];
    for await (const page of paginateListFunctions({ client: t.lambda, pageSize: 3 }, {})) {
      expect(page.Functions!.length).toBeLessThanOrEqual(3);
      for (const f of page.Functions ?? []) {
        expect(f.Version).toBe('$LATEST');
        expect(f.FunctionArn).toBe(arn(f.FunctionName!));
        expect(f.State).toBeUndefined();
        names.push(f.FunctionName!);
      }
    }
    expect(names.filter((n) => n.startsWith('page-'))).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `page-${i}`));
    expect(new Set(names).size).toBe(names.length);

    const all = await t.lambda.send(new ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: 50 }));
    const page0 = all.Functions!.filter((f) => f.FunctionName === 'page-0').map((f) => f.FunctionArn);
    expect(page0).toEqual([arn('page-0', '$LATEST'), arn('page-0', '1')]);

    const bad = await awsError(
      t.lambda.send(new ListFunctionsCommand({ FunctionVersion: 'invalid' as 'ALL' })),
    );
    expect(bad).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]",
    });
  });
});

import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetFunctionCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { buildZip } from '../../../common/zip-writer.js';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

type Props = Record<string, unknown>;
/** Marks what a stack made, so a create retried after a crash adopts its own function and no other. */
const STACK_TAG = 'gradual:cloudformation-stack-id';
const WAIT = { maxWaitTime: 300, minDelay: 1, maxDelay: 2 };

/** CloudFormation's `Code`: S3 location, or `ZipFile` source text that it zips as index.<ext>. */
async function codeOf(
  p: Props,
): Promise<{ ZipFile?: Uint8Array; S3Bucket?: string; S3Key?: string; S3ObjectVersion?: string }> {
  const code = (p['Code'] ?? {}) as Record<string, string | undefined>;
  if (code['ZipFile'] !== undefined) {
    const runtime = text(p['Runtime'] ?? '');
    const file = runtime.startsWith('python')
      ? 'index.py'
      : runtime.startsWith('nodejs')
        ? 'index.js'
        : 'bootstrap';
    return { ZipFile: await buildZip({ [file]: code['ZipFile'] }) };
  }
  return {
    ...(code['S3Bucket'] !== undefined ? { S3Bucket: code['S3Bucket'] } : {}),
    ...(code['S3Key'] !== undefined ? { S3Key: code['S3Key'] } : {}),
    ...(code['S3ObjectVersion'] !== undefined ? { S3ObjectVersion: code['S3ObjectVersion'] } : {}),
  };
}

function configOf(p: Props) {
  const env = p['Environment'] as { Variables?: Record<string, string> } | undefined;
  return {
    Role: text(p['Role']),
    ...(p['Handler'] !== undefined ? { Handler: text(p['Handler']) } : {}),
    ...(p['Runtime'] !== undefined ? { Runtime: text(p['Runtime']) as Runtime } : {}),
    Description: p['Description'] === undefined ? '' : text(p['Description']),
    ...(p['Timeout'] !== undefined ? { Timeout: Number(p['Timeout']) } : {}),
    ...(p['MemorySize'] !== undefined ? { MemorySize: Number(p['MemorySize']) } : {}),
    Environment: {
      Variables: Object.fromEntries(Object.entries(env?.Variables ?? {}).map(([k, v]) => [k, text(v)])),
    },
  };
}

const tagsOf = (p: Props): Record<string, string> =>
  Object.fromEntries(
    ((p['Tags'] ?? []) as { Key: string; Value: unknown }[]).map((t) => [t.Key, text(t.Value)]),
  );

const differ = (a: Props, b: Props, keys: string[]): boolean =>
  keys.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));

/** AWS::Lambda::Function: physical id the function name; `Arn`. */
export function lambdaFunction(clients: ServiceClients): ResourceProvider {
  const { lambda } = clients;
  const done = async (name: string): Promise<Outcome> => {
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    return { kind: 'done', physicalId: name, attributes: { Arn: fn.Configuration?.FunctionArn ?? '' } };
  };
  const concurrency = async (name: string, p: Props): Promise<void> => {
    const reserved = p['ReservedConcurrentExecutions'];
    if (reserved === undefined)
      await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    else
      await lambda.send(
        new PutFunctionConcurrencyCommand({
          FunctionName: name,
          ReservedConcurrentExecutions: Number(reserved),
        }),
      );
  };
  const updated = (name: string) =>
    waitUntilFunctionUpdatedV2({ client: lambda, ...WAIT }, { FunctionName: name });
  /**
   * An update made again after a crash may find the one it cut short still in progress
   * (LastUpdateStatus InProgress refuses updates with ResourceConflictException): it waits for
   * that one to end, then makes its own.
   */
  const whenSettled = async (name: string, call: () => Promise<unknown>): Promise<void> => {
    await call().catch(async (error: unknown) => {
      if (errorName(error) !== 'ResourceConflictException') throw error;
      await updated(name);
      await call();
    });
    await updated(name);
  };
  const update = async (name: string, p: Props, before: Props): Promise<Outcome> => {
    if (differ(p, before, ['Code'])) {
      const code = await codeOf(p);
      await whenSettled(name, () =>
        lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ...code })),
      );
    }
    if (
      differ(p, before, ['Role', 'Handler', 'Runtime', 'Description', 'Timeout', 'MemorySize', 'Environment'])
    ) {
      await whenSettled(name, () =>
        lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, ...configOf(p) })),
      );
    }
    if (differ(p, before, ['ReservedConcurrentExecutions'])) await concurrency(name, p);
    if (differ(p, before, ['Tags'])) {
      const fn = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
      await lambda.send(new TagResourceCommand({ Resource: fn.Configuration?.FunctionArn, Tags: tagsOf(p) }));
    }
    return done(name);
  };
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const p = request.properties;
      const previous = request.previous;
      if (request.action === 'delete') {
        await lambda
          .send(new DeleteFunctionCommand({ FunctionName: previous!.physicalId }))
          .catch((e: unknown) => {
            if (errorName(e) !== 'ResourceNotFoundException') throw e;
          });
        return { kind: 'done', physicalId: previous!.physicalId ?? '', attributes: {} };
      }
      if (request.action === 'update' && previous?.physicalId)
        return update(previous.physicalId, p, previous.properties);
      const name =
        p['FunctionName'] === undefined
          ? generatedName(request.stackName, request.logicalId, request.nameSeed, 64)
          : text(p['FunctionName']);
      try {
        await lambda.send(
          new CreateFunctionCommand({
            FunctionName: name,
            Code: await codeOf(p),
            ...configOf(p),
            Tags: { ...tagsOf(p), [STACK_TAG]: request.stackId },
            ...(Array.isArray(p['Architectures'])
              ? { Architectures: p['Architectures'] as ('x86_64' | 'arm64')[] }
              : {}),
          }),
        );
      } catch (error) {
        // Made by an attempt that a crash cut short: bring it to what this one asks for.
        if (errorName(error) !== 'ResourceConflictException') throw error;
        const existing = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
        if (existing.Tags?.[STACK_TAG] !== request.stackId) throw error;
        return update(name, p, {});
      }
      await waitUntilFunctionActiveV2({ client: lambda, ...WAIT }, { FunctionName: name });
      if (p['ReservedConcurrentExecutions'] !== undefined) await concurrency(name, p);
      return done(name);
    },
  };
}

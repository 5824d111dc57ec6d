import { InvokeCommand } from '@aws-sdk/client-lambda';
import { sdkClients, type ConnectionOptions } from '../sdk/connection.js';
import { ROUTING_KEY_HEADER } from '../../contracts/headers.js';
import { clientAction, UsageError } from './client-errors.js';

/** `name:qualifier` -> its parts; an ARN is passed whole (Lambda reads its qualifier itself). */
export function splitTarget(target: string): { FunctionName: string; Qualifier?: string } {
  if (target.startsWith('arn:')) return { FunctionName: target };
  const at = target.indexOf(':');
  return at < 0
    ? { FunctionName: target }
    : { FunctionName: target.slice(0, at), Qualifier: target.slice(at + 1) };
}

/** What the command does (registered in invoke.ts). */
export const invokeAction = clientAction(
  async (connection, opts: ConnectionOptions & { payload: string; routingKey?: string }, target: string) => {
    try {
      JSON.parse(opts.payload);
    } catch (e) {
      throw new UsageError(
        `--payload is not JSON (${(e as Error).message}): e.g. --payload '{"name":"world"}'`,
      );
    }
    const clients = sdkClients(connection);
    const key = opts.routingKey;
    if (key) {
      // Added before signing, so the key is part of the signed request.
      clients.lambda.middlewareStack.add(
        (next) => (args) => {
          (args.request as { headers: Record<string, string> }).headers[ROUTING_KEY_HEADER] = key;
          return next(args);
        },
        { step: 'build' },
      );
    }
    try {
      const out = await clients.lambda.send(
        new InvokeCommand({ ...splitTarget(target), Payload: Buffer.from(opts.payload) }),
      );
      const body = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
      if (out.FunctionError) {
        process.stderr.write(`${body}\n`);
        process.stderr.write(
          `function error (${out.FunctionError}) in version ${out.ExecutedVersion ?? '?'}\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${body}\n`);
      process.stderr.write(`executed version: ${out.ExecutedVersion ?? '?'}\n`);
    } finally {
      clients.destroy();
    }
  },
);

import type { ConnectionOptions } from '../sdk/connection.js';
import { invoke } from '../sdk/lambda-api.js';
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
    // The routing key is signed with the request.
    const headers: Record<string, string> = opts.routingKey ? { [ROUTING_KEY_HEADER]: opts.routingKey } : {};
    const out = await invoke(connection, splitTarget(target), opts.payload, headers);
    if (out.functionError) {
      process.stderr.write(`${out.payload}\n`);
      process.stderr.write(
        `function error (${out.functionError}) in version ${out.executedVersion ?? '?'}\n`,
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${out.payload}\n`);
    process.stderr.write(`executed version: ${out.executedVersion ?? '?'}\n`);
  },
);

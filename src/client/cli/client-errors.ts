import { ActionableError } from '../../common/errors.js';
import { connect, type Connection, type ConnectionOptions } from '../sdk/connection.js';

/** Errors of client commands, said with what to do next. */

/** A mistake in what the user asked for: printed as is, exit code 1. */
export class UsageError extends ActionableError {}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (
    let e = error as { code?: unknown; cause?: unknown; name?: unknown } | undefined, i = 0;
    e && i < 5;
    i++
  ) {
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.name === 'string') codes.push(e.name);
    e = e.cause as typeof e;
  }
  return codes;
}

/** The message for an error a client command met, with a hint for the common ones. */
export function explain(error: unknown, connection: Pick<Connection, 'endpoint'> | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) return message;
  const codes = codesOf(error);
  const endpoint = connection?.endpoint ?? 'the server';
  if (
    codes.some((c) =>
      ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(c),
    ) ||
    message === 'fetch failed'
  ) {
    return `cannot reach gradual at ${endpoint}: is \`gradual serve\` running? Point at it with --endpoint <url>, or run: eval "$(gradual env)"`;
  }
  if (codes.some((c) => ['UnrecognizedClientException', 'InvalidSignatureException'].includes(c))) {
    return `${message}\nThe server did not accept these credentials: run eval "$(gradual env --data-dir <the server's data dir>)", or pass --data-dir.`;
  }
  return message;
}

/** Runs a command's action; failures print `gradual: <why>` on stderr and exit non-zero. */
export function run<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
  connectionOf: (...args: A) => Connection | undefined = () => undefined,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      let connection: Connection | undefined;
      try {
        connection = connectionOf(...args);
      } catch {
        connection = undefined;
      }
      process.stderr.write(`gradual: ${explain(error, connection)}\n`);
      process.exitCode = 1;
    }
  };
}

/**
 * A client command's action: the connection made from its options (commander passes them after
 * the positional arguments), failures explained with a hint.
 */
export function clientAction<A extends unknown[], O extends ConnectionOptions>(
  action: (connection: Connection, opts: O, ...args: A) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const opts = args[args.length - 2] as O;
    const positional = args.slice(0, -2) as A;
    let connection: Connection | undefined;
    try {
      connection = connect(opts);
      await action(connection, opts, ...positional);
    } catch (error) {
      process.stderr.write(`gradual: ${explain(error, connection)}\n`);
      process.exitCode = 1;
    }
  };
}

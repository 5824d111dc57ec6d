import type { SdkService } from './sdk-services.js';
import { type Probe, verdicts, type OperationVerdict } from './verdicts.js';

/**
 * Asks a real gradual server about every operation of a service, through the official SDK client,
 * with placeholders for the required scalar members only: the server's own dispatch decides
 * (verdicts.ts reads the answers).
 */

/** The SDK refuses to send a REST request with an empty URI label; the probe fills it in. */
const MISSING_LABEL = /(?:No value|Empty value) provided for input HTTP label: (\w+)/;

interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

interface SentRequest {
  method: string;
  path: string;
  query?: Record<string, unknown>;
}

type Send = (command: unknown) => Promise<unknown>;

export async function probeService(
  service: SdkService,
  connection: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  },
): Promise<OperationVerdict[]> {
  const client = service.makeClient({
    ...connection,
    maxAttempts: 1,
    // Host prefixes (`sync-` for StartSyncExecution) name hosts no resolver knows for 127.0.0.1.
    disableHostPrefix: true,
    // S3 buckets in the path, not the host name.
    forcePathStyle: true,
  });
  let sent: SentRequest | undefined;
  client.middlewareStack.add(
    (next) => async (args) => {
      sent = args.request as SentRequest;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  const send = (command: unknown): Promise<unknown> => client.send(command);
  const probes: Probe[] = [];
  try {
    for (const { name, Command } of service.operations) {
      sent = undefined;
      const answer = await probeOne(send, Command, requiredScalars(Command));
      if (!sent) throw new Error(`${name}: the SDK sent no request`);
      const request: SentRequest = sent;
      probes.push({
        name,
        route: `${request.method} ${request.path}`,
        queryKeys: Object.keys(request.query ?? {}).sort(),
        ...answer,
      });
    }
    // Operations that share a method and path are also asked with an empty input, all alike, so
    // that their answers can be compared (verdicts.ts).
    for (const probe of probes) {
      if (!probes.some((other) => other !== probe && other.route === probe.route)) continue;
      const operation = service.operations.find((op) => op.name === probe.name);
      if (operation) probe.bareAnswer = (await probeOne(send, operation.Command, {})).answer;
    }
  } finally {
    client.destroy();
  }
  return verdicts(probes);
}

/** A simple shape of the SDK's schemas (@smithy/core): 0 string, 1 number, 2 boolean. */
const PLACEHOLDERS: Readonly<Record<number, unknown>> = { 0: 'x', 1: 1, 2: false };

/**
 * The required members of an operation's input that are strings, numbers or booleans, each with a
 * placeholder: REST APIs tell some operations apart by a required query parameter
 * (CompleteMultipartUpload's `uploadId`), which an empty input would leave out. The SDK's schema of
 * a structure is `[3, namespace, name, traits, memberNames, memberSchemas, requiredCount]`, its
 * required members first; clients without schemas get an empty input.
 */
export function requiredScalars(
  Command: new (input: Record<string, unknown>) => unknown,
): Record<string, unknown> {
  const operation = (new Command({}) as { schema?: unknown }).schema;
  const inputRef = Array.isArray(operation) ? (operation[4] as unknown) : undefined;
  const input = typeof inputRef === 'function' ? (inputRef as () => unknown)() : inputRef;
  if (!Array.isArray(input) || input[0] !== 3) return {};
  const [, , , , names, members, required] = input as [
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
  ];
  if (!Array.isArray(names) || !Array.isArray(members) || typeof required !== 'number') return {};
  const filled: Record<string, unknown> = {};
  for (let i = 0; i < required; i++) {
    const member = members[i] as unknown;
    const type = Array.isArray(member) ? (member[0] as unknown) : member;
    const name = names[i] as unknown;
    if (typeof type === 'number' && typeof name === 'string' && type in PLACEHOLDERS)
      filled[name] = PLACEHOLDERS[type];
  }
  return filled;
}

async function probeOne(
  send: Send,
  Command: new (input: Record<string, unknown>) => unknown,
  start: Record<string, unknown>,
): Promise<{ errorName: string | undefined; answer: string }> {
  const input: Record<string, unknown> = { ...start };
  for (;;) {
    try {
      await send(new Command(input));
      return { errorName: undefined, answer: 'success' };
    } catch (error) {
      const { name, message, $metadata } = error as SdkError;
      const label = MISSING_LABEL.exec(message)?.[1];
      if (label !== undefined && !(label in input)) {
        input[label] = 'x';
        continue;
      }
      // An error the SDK raised without an answer is a fault of the probe, not a verdict.
      const status = $metadata?.httpStatusCode;
      if (status === undefined) throw new Error(`${name}: ${message}`, { cause: error });
      return { errorName: name, answer: `${status} ${name} ${message}` };
    }
  }
}

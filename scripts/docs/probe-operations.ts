import type { SdkService } from './sdk-services.js';
import { type Probe, verdicts, type OperationVerdict } from './verdicts.js';

/**
 * Asks a real gradual server about every operation of a service, through the official SDK client,
 * with an empty input: the server's own dispatch decides (verdicts.ts reads the answers).
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
  const probes: Probe[] = [];
  try {
    for (const { name, Command } of service.operations) {
      sent = undefined;
      const answer = await probeOne((command) => client.send(command), Command);
      if (!sent) throw new Error(`${name}: the SDK sent no request`);
      const request: SentRequest = sent;
      probes.push({
        name,
        route: `${request.method} ${request.path}`,
        queryKeys: Object.keys(request.query ?? {}).sort(),
        ...answer,
      });
    }
  } finally {
    client.destroy();
  }
  return verdicts(probes);
}

async function probeOne(
  send: Send,
  Command: new (input: Record<string, unknown>) => unknown,
): Promise<{ errorName: string | undefined; answer: string }> {
  const input: Record<string, unknown> = {};
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

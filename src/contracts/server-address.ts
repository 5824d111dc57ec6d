import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { running } from './data-dirs.js';

/**
 * Where the server of a data dir answers, kept beside its pid: `gradual env` points the AWS CLI
 * there, so a server started with `--port 9100` or `--region eu-west-1` needs no flags repeated.
 */
export const SERVER_ADDRESS_FILE = 'server.json';

// `gatewayUrl` is optional: a server older than it recorded none.
const ServerAddress = z.object({ url: z.url(), region: z.string().min(1), gatewayUrl: z.url().optional() });
export type ServerAddress = z.infer<typeof ServerAddress>;

/** Writes the address; returns what removes it (on shutdown, with the pid file). */
export function recordServerAddress(dataDir: string, address: ServerAddress): () => void {
  const file = join(dataDir, SERVER_ADDRESS_FILE);
  writeFileSync(file, JSON.stringify(address) + '\n');
  return () => rmSync(file, { force: true });
}

/** The address of the server running on `dataDir`, if one is and it recorded it. */
export function runningServerAddress(dataDir: string): ServerAddress | undefined {
  if (!running(dataDir)) return undefined;
  try {
    const parsed = ServerAddress.safeParse(
      JSON.parse(readFileSync(join(dataDir, SERVER_ADDRESS_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // none recorded (a server older than this file), or half written
  }
}

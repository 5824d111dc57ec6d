import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../common/is-record.js';
import { running } from './data-dirs.js';

/**
 * Where the server of a data dir answers, kept beside its pid: `gradual env` points the AWS CLI
 * there, so a server started with `--port 9100` or `--region eu-west-1` needs no flags repeated.
 */
export const SERVER_ADDRESS_FILE = 'server.json';

export interface ServerAddress {
  url: string;
  region: string;
  /** Optional: a server older than it recorded none. */
  gatewayUrl?: string | undefined;
}

// Checked by hand, not with zod: every client command reads this, and zod is ~0.75 MB of the
// bundle to load (about 0.05 CPU-s a command).
function asServerAddress(value: unknown): ServerAddress | undefined {
  if (!isRecord(value)) return undefined;
  const { url, region, gatewayUrl } = value;
  const isUrl = (v: unknown): v is string => typeof v === 'string' && URL.canParse(v);
  if (!isUrl(url) || typeof region !== 'string' || region.length === 0) return undefined;
  if (gatewayUrl !== undefined && !isUrl(gatewayUrl)) return undefined;
  return { url, region, ...(gatewayUrl !== undefined ? { gatewayUrl } : {}) };
}

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
    return asServerAddress(JSON.parse(readFileSync(join(dataDir, SERVER_ADDRESS_FILE), 'utf8')));
  } catch {
    return undefined; // none recorded (a server older than this file), or half written
  }
}

import type { Random } from '../../../common/random.js';

/**
 * A task token names its execution and call, so SendTaskSuccess can find the execution it
 * belongs to; the random part makes it unguessable. Opaque to callers, as AWS's are.
 */
export function makeTaskToken(executionArn: string, callId: string, random: Random): string {
  const where = Buffer.from(JSON.stringify([executionArn, callId]), 'utf8').toString('base64url');
  return `${where}.${random.hex(24)}`;
}

export function readTaskToken(token: string): { executionArn: string; callId: string } | undefined {
  const [where, secret] = token.split('.');
  if (!where || !secret || !/^[0-9a-f]{48}$/.test(secret)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(where, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((p) => typeof p === 'string'))
      return undefined;
    return { executionArn: parsed[0] as string, callId: parsed[1] as string };
  } catch {
    return undefined;
  }
}

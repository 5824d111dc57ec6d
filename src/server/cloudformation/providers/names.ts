import { createHash } from 'node:crypto';

/**
 * A physical name the way CloudFormation makes one when the template gives none:
 * `<stack>-<logical id>-<13 random characters>`, cut to the service's limit. The random part is
 * drawn from the request's seed, so a create retried after a crash picks the same name.
 */
export function generatedName(stackName: string, logicalId: string, seed: string, max: number): string {
  const digest = createHash('sha256').update(seed).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const suffix = [...digest.subarray(0, 13)].map((b) => alphabet[b % alphabet.length]).join('');
  const room = max - suffix.length - 2;
  const head = `${stackName.slice(0, Math.ceil(room / 2))}-${logicalId}`.slice(0, room + 1);
  return `${head}-${suffix}`;
}

/** An error's AWS code (the SDK's `name`), for the few a provider handles. */
export const errorName = (error: unknown): string => (error instanceof Error ? error.name : '');

export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A resolved property as the string an API takes (numbers and booleans written out). */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

import { MalformedPolicyDocumentException } from './errors.js';
import type { PrincipalList } from './policy-model.js';

const TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const ACCOUNT = /^\d{12}$/;

function invalid(type: string, value: string): never {
  throw new MalformedPolicyDocumentException(`Invalid principal in policy: "${type}":"${value}"`);
}

function names(type: string, raw: unknown): string[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (list.length === 0) throw new MalformedPolicyDocumentException('Syntax errors in policy.');
  return list.map((value) => {
    if (typeof value !== 'string') throw new MalformedPolicyDocumentException('Syntax errors in policy.');
    if (type === 'AWS' && value !== '*' && !ACCOUNT.test(value) && !value.startsWith('arn:')) {
      invalid(type, value);
    }
    if (type === 'Service' && !/^[a-z0-9.-]+$/.test(value)) invalid(type, value);
    return value;
  });
}

/** A `Principal` / `NotPrincipal` element: `"*"`, or principal names by type. */
export function parsePrincipals(raw: unknown, negated: boolean): PrincipalList {
  if (raw === '*') return { negated, anyone: true, byType: {} };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MalformedPolicyDocumentException('Syntax errors in policy.');
  }
  const byType: Record<string, readonly string[]> = {};
  for (const [type, value] of Object.entries(raw)) {
    if (!TYPES.has(type)) throw new MalformedPolicyDocumentException('Syntax errors in policy.');
    byType[type] = names(type, value);
  }
  return { negated, anyone: false, byType };
}

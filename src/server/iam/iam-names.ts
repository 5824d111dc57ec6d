import { ValidationError } from './errors.js';

/*
 * IAM's model constraints (IAM API Reference: CreateRole, CreatePolicy, PutRolePolicy), reported
 * as the query protocol's ValidationError in AWS's wording.
 */

function fail(value: string, member: string, constraint: string): never {
  throw new ValidationError(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

function check(value: string, member: string, max: number, pattern?: { re: RegExp; text: string }): string {
  if (value.length < 1) fail(value, member, 'Member must have length greater than or equal to 1');
  if (value.length > max) fail(value, member, `Member must have length less than or equal to ${max}`);
  if (pattern && !pattern.re.test(value)) {
    fail(value, member, `Member must satisfy regular expression pattern: ${pattern.text}`);
  }
  return value;
}

const NAME = { re: /^[\w+=,.@-]+$/, text: '[\\w+=,.@-]+' };
const PATH = { re: /^(\/|\/[\u0021-\u007E]+\/)$/, text: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' };
const ARN = { re: /^arn:[^:]*:iam::[^:]*:policy\/.+$/, text: 'arn:.*' };

export const roleName = (value: string, member = 'roleName'): string => check(value, member, 64, NAME);
export const policyName = (value: string, member = 'policyName'): string => check(value, member, 128, NAME);
export const pathOf = (value: string | undefined, member = 'path'): string =>
  value === undefined ? '/' : check(value, member, 512, PATH);
export const policyArn = (value: string, member = 'policyArn'): string => check(value, member, 2048, ARN);

export function description(value: string | undefined): string | undefined {
  if (value !== undefined && value.length > 1000) {
    fail(value, 'description', 'Member must have length less than or equal to 1000');
  }
  return value;
}

/** CreateRole's MaxSessionDuration: one to twelve hours, in seconds. */
export function maxSessionDuration(value: number | undefined): number {
  if (value === undefined) return 3600;
  if (!Number.isInteger(value) || value < 3600) {
    fail(String(value), 'maxSessionDuration', 'Member must have value greater than or equal to 3600');
  }
  if (value > 43200)
    fail(String(value), 'maxSessionDuration', 'Member must have value less than or equal to 43200');
  return value;
}

/** The role name in a role ARN (the last part of its path), or undefined for another ARN. */
export function roleNameOfArn(arn: string): string | undefined {
  const m = /^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  return m?.[1];
}

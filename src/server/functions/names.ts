import { AccessDeniedException, ValidationException } from '../../common/errors.js';
import { InvalidParameterValueException, ResourceNotFoundException } from './errors.js';

/** Where this server lives in AWS's naming: every ARN it issues or accepts carries these. */
export interface Account {
  region: string;
  accountId: string;
}

export const LATEST = '$LATEST';

/** A function as a request names it: a name, maybe with a qualifier. */
export interface FunctionRef {
  name: string;
  qualifier?: string;
}

const ARN_PREFIX = String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?`;
/** Model patterns for `FunctionName` (Lambda API Reference, FunctionName): the plain form and the namespaced one (Get/Invoke/Delete). */
export const FUNCTION_NAME_PATTERN = ARN_PREFIX + String.raw`([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`;
export const NAMESPACED_FUNCTION_NAME_PATTERN =
  ARN_PREFIX + String.raw`([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`;
export const QUALIFIER_PATTERN = String.raw`(|[a-zA-Z0-9$_-]+)`;
export const ALIAS_PATTERN = String.raw`(?!^[0-9]+$)([a-zA-Z0-9-_]+)`;
export const VERSION_PATTERN = String.raw`(\$LATEST|[0-9]+)`;

const FULL_NAME = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);
const FULL_NAMESPACED = new RegExp(`^${NAMESPACED_FUNCTION_NAME_PATTERN}$`);
const ALIAS_RE = /^(?!^[0-9]+$)([a-zA-Z0-9_-]+)$/;
const VERSION_RE = /^[0-9]+$/;
const QUALIFIER_RE = /^(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9_$-]+)$/;

export type NameForm = 'plain' | 'namespaced';

/** AWS's wording for one failed model constraint. */
export function constraintMessage(value: unknown, member: string, constraint: string): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`;
}

/**
 * Parses `FunctionName` (name, partial ARN or full ARN, each optionally qualified) and checks it
 * belongs to this account and region. `qualifier` is the separate `Qualifier` parameter, if any.
 */
export function parseFunctionName(
  input: string,
  account: Account,
  options: { form?: NameForm; qualifier?: string | undefined } = {},
): FunctionRef {
  const form = options.form ?? 'plain';
  const maxLength = form === 'plain' ? 140 : 256;
  if (input.length < 1 || input.length > maxLength) {
    const bound = input.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${maxLength}`;
    throw new ValidationException(
      constraintMessage(input, 'functionName', `Member must have length ${bound}`),
    );
  }
  const match = (form === 'plain' ? FULL_NAME : FULL_NAMESPACED).exec(input);
  if (!match) {
    const pattern = form === 'plain' ? FUNCTION_NAME_PATTERN : NAMESPACED_FUNCTION_NAME_PATTERN;
    throw new ValidationException(
      constraintMessage(input, 'functionName', `Member must satisfy regular expression pattern: ${pattern}`),
    );
  }
  const region = match[3]?.slice(0, -1);
  const accountId = match[9]?.slice(0, -1);
  const name = match[11] ?? '';
  const fromName = match[13];
  if (name.length > 64) {
    throw new InvalidParameterValueException(
      constraintMessage(name, 'functionName', 'Member must have length less than or equal to 64'),
    );
  }
  if (region !== undefined && region !== account.region) {
    throw new ResourceNotFoundException(
      `Functions from '${region}' are not reachable in this region ('${account.region}')`,
    );
  }
  if (accountId !== undefined && accountId !== account.accountId) {
    throw new AccessDeniedException(
      `User is not authorized to access functions of account ${accountId} from account ${account.accountId}.`,
    );
  }
  const given = options.qualifier;
  if (given !== undefined) validateQualifier(given);
  if (fromName !== undefined && given !== undefined && fromName !== given) {
    throw new InvalidParameterValueException(
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  const qualifier = fromName ?? given;
  return qualifier === undefined ? { name } : { name, qualifier };
}

export function validateQualifier(qualifier: string): void {
  if (qualifier.length < 1 || qualifier.length > 128 || !QUALIFIER_RE.test(qualifier)) {
    const constraint =
      qualifier.length > 128
        ? 'Member must have length less than or equal to 128'
        : `Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`;
    throw new ValidationException(constraintMessage(qualifier, 'qualifier', constraint));
  }
}

export function isVersionNumber(qualifier: string): boolean {
  return VERSION_RE.test(qualifier);
}

export function isAliasName(name: string): boolean {
  return name.length >= 1 && name.length <= 128 && ALIAS_RE.test(name);
}

/** Checks an alias name as CreateAlias receives it; `member` is where it appeared in the request. */
export function validateAliasName(name: string, member = 'name'): void {
  if (name.length > 128) {
    throw new ValidationException(
      constraintMessage(name, member, 'Member must have length less than or equal to 128'),
    );
  }
  if (!isAliasName(name)) {
    throw new ValidationException(
      constraintMessage(name, member, `Member must satisfy regular expression pattern: ${ALIAS_PATTERN}`),
    );
  }
}

export function functionArn(account: Account, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${account.region}:${account.accountId}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/** Parses an unqualified or qualified function ARN (as used by the tagging API). */
export function parseFunctionArn(arn: string, account: Account): FunctionRef | undefined {
  const m =
    /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_$.-]+))?$/.exec(
      arn,
    );
  if (!m) return undefined;
  const [, region, accountId, name, qualifier] = m;
  if (region !== account.region) {
    throw new ResourceNotFoundException(
      `Functions from '${region}' are not reachable in this region ('${account.region}')`,
    );
  }
  if (accountId !== account.accountId) {
    throw new AccessDeniedException(
      `User is not authorized to access functions of account ${accountId} from account ${account.accountId}.`,
    );
  }
  return qualifier === undefined ? { name: name! } : { name: name!, qualifier };
}

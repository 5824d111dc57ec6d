import { ValidationException } from '../../common/errors.js';
import type { FunctionUrlChange, FunctionUrlCors, FunctionUrlRecord, UrlOwner } from './store.js';
import { ResourceConflictException, ResourceNotFoundException } from './errors.js';
import { constraintMessage, functionArn, isVersionNumber, LATEST, type Account } from './names.js';

/**
 * Lambda's rules for function URL configurations (CreateFunctionUrlConfig and its siblings),
 * as pure decisions over the function and its current URL configs.
 */

const ALIAS_ONLY_PATTERN = String.raw`((?!^\d+$)^[0-9a-zA-Z-_]+$)`;
const NO_VERSION_PATTERN = String.raw`(^\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))`;

const FUNCTION_MISSING = 'Function does not exist';
const URL_MISSING = 'The resource you requested does not exist.';

/**
 * A URL belongs to the unqualified function or to an alias: an explicit `$LATEST` or a version
 * number is refused with the pattern AWS reports. Returns the stored qualifier.
 */
export function urlQualifier(qualifier: string | undefined): string {
  if (qualifier === undefined) return LATEST;
  if (qualifier === LATEST) {
    throw new ValidationException(
      constraintMessage(
        qualifier,
        'qualifier',
        `Member must satisfy regular expression pattern: ${ALIAS_ONLY_PATTERN}`,
      ),
    );
  }
  if (isVersionNumber(qualifier)) {
    throw new ValidationException(
      constraintMessage(
        qualifier,
        'qualifier',
        `Member must satisfy regular expression pattern: ${NO_VERSION_PATTERN}`,
      ),
    );
  }
  return qualifier;
}

/** The ARN a URL config reports: qualified for an alias. */
export function urlFunctionArn(
  account: Account,
  record: Pick<FunctionUrlRecord, 'functionName' | 'qualifier'>,
): string {
  return functionArn(
    account,
    record.functionName,
    record.qualifier === LATEST ? undefined : record.qualifier,
  );
}

interface Decision<T> {
  changes: readonly FunctionUrlChange[];
  result: T;
}

function requireTarget(owner: UrlOwner | undefined, qualifier: string): void {
  if (!owner || (qualifier !== LATEST && !owner.aliases.has(qualifier))) {
    throw new ResourceNotFoundException(FUNCTION_MISSING);
  }
}

export function decideCreateUrl(
  owner: UrlOwner | undefined,
  urls: readonly FunctionUrlRecord[],
  input: {
    account: Account;
    functionName: string;
    qualifier: string;
    authType: FunctionUrlRecord['authType'];
    cors: FunctionUrlCors | undefined;
    invokeMode: FunctionUrlRecord['invokeMode'] | undefined;
    urlId: string;
    now: number;
  },
): Decision<FunctionUrlRecord> {
  requireTarget(owner, input.qualifier);
  if (urls.some((u) => u.qualifier === input.qualifier)) {
    const arn = urlFunctionArn(input.account, input);
    throw new ResourceConflictException(
      `Failed to create function url config for [functionArn = ${arn}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    );
  }
  const record: FunctionUrlRecord = {
    urlId: input.urlId,
    functionName: input.functionName,
    qualifier: input.qualifier,
    authType: input.authType,
    cors: input.cors,
    invokeMode: input.invokeMode ?? 'BUFFERED',
    creationTime: input.now,
    lastModifiedTime: input.now,
  };
  return { changes: [{ kind: 'putUrl', record }], result: record };
}

export function decideUpdateUrl(
  owner: UrlOwner | undefined,
  urls: readonly FunctionUrlRecord[],
  input: {
    qualifier: string;
    authType: FunctionUrlRecord['authType'] | undefined;
    cors: FunctionUrlCors | undefined;
    invokeMode: FunctionUrlRecord['invokeMode'] | undefined;
    now: number;
  },
): Decision<FunctionUrlRecord> {
  requireTarget(owner, input.qualifier);
  const current = urls.find((u) => u.qualifier === input.qualifier);
  if (!current) throw new ResourceNotFoundException(URL_MISSING);
  const record: FunctionUrlRecord = {
    ...current,
    authType: input.authType ?? current.authType,
    cors: input.cors ?? current.cors,
    invokeMode: input.invokeMode ?? current.invokeMode,
    lastModifiedTime: input.now,
  };
  return { changes: [{ kind: 'putUrl', record }], result: record };
}

/** Get and Delete: a missing function and a missing config read the same, as AWS says. */
export function findUrl(
  owner: UrlOwner | undefined,
  urls: readonly FunctionUrlRecord[],
  qualifier: string,
): FunctionUrlRecord {
  const current = owner ? urls.find((u) => u.qualifier === qualifier) : undefined;
  if (!current) throw new ResourceNotFoundException(URL_MISSING);
  return current;
}

export function decideDeleteUrl(
  owner: UrlOwner | undefined,
  urls: readonly FunctionUrlRecord[],
  qualifier: string,
): Decision<void> {
  const current = findUrl(owner, urls, qualifier);
  return {
    changes: [{ kind: 'deleteUrl', functionName: current.functionName, qualifier }],
    result: undefined,
  };
}

export function requireFunction(owner: UrlOwner | undefined): void {
  if (!owner) throw new ResourceNotFoundException(FUNCTION_MISSING);
}

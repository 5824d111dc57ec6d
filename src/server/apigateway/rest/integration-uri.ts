import type { Account } from '../../functions/names.js';
import { BadRequestException } from './errors.js';

/** The Lambda function (and version or alias) a proxy integration invokes. */
export interface LambdaTarget {
  functionName: string;
  /** A version number or alias name; undefined for the unqualified function (`$LATEST`). */
  qualifier: string | undefined;
}

const URI =
  /^arn:aws:apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/(arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9_-]{1,64})(?::([a-zA-Z0-9_$-]{1,128}))?)\/invocations$/;

/**
 * Parses an AWS_PROXY integration URI:
 * `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`.
 */
export function parseLambdaUri(uri: string, account: Account): LambdaTarget {
  const m = URI.exec(uri);
  if (!m) {
    throw new BadRequestException(
      `Invalid ARN specified in the request: gradual's AWS_PROXY integrations take arn:aws:apigateway:${account.region}:lambda:path/2015-03-31/functions/<function, version or alias ARN>/invocations, not '${uri}'`,
    );
  }
  const [, gatewayRegion, , fnRegion, accountId, name, qualifier] = m;
  if (gatewayRegion !== account.region || fnRegion !== account.region) {
    throw new BadRequestException(
      `Invalid ARN specified in the request: this server is region ${account.region}, the URI names ${gatewayRegion === account.region ? fnRegion : gatewayRegion}`,
    );
  }
  if (accountId !== account.accountId) {
    throw new BadRequestException(
      `Invalid ARN specified in the request: the function belongs to account ${accountId}, this server is account ${account.accountId}`,
    );
  }
  return { functionName: name!, qualifier: qualifier === '$LATEST' ? undefined : qualifier };
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;

/** Whether a URI refers to stage variables (`${stageVariables.alias}`), resolved per request. */
export function usesStageVariables(uri: string): boolean {
  return uri.includes('${stageVariables.');
}

/** The URI with its stage variables replaced, or the name of the first one the stage lacks. */
export function withStageVariables(
  uri: string,
  variables: Readonly<Record<string, string>> | undefined,
): { uri: string } | { missing: string } {
  let missing: string | undefined;
  const resolved = uri.replace(STAGE_VARIABLE, (_, name: string) => {
    const value = variables?.[name];
    if (value === undefined) missing ??= name;
    return value ?? '';
  });
  return missing === undefined ? { uri: resolved } : { missing };
}

/** Checks a URI that may hold stage variables: with each standing in for a valid qualifier. */
export function validateLambdaUri(uri: string, account: Account): void {
  parseLambdaUri(uri.replace(STAGE_VARIABLE, 'stagevariable'), account);
}

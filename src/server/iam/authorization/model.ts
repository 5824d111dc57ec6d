/** Where the server lives in AWS's naming: every ARN it issues carries these. */
export interface Account {
  accountId: string;
  region: string;
}

/**
 * The resource a check is against. Most requests name it outright; a few name something whose
 * ARN the server must look up first (a deployment's group, a role's path).
 */
export type ResourceRef =
  | { kind: 'arn'; arn: string }
  | { kind: 'deploymentGroupOf'; deploymentId: string }
  | { kind: 'role'; name: string };

/** One authorization AWS performs for a request: an action on a resource, with the keys it adds. */
export interface Check {
  action: string;
  resource: ResourceRef;
  /** Condition keys this request sets (`iam:PassedToService`, `cloudwatch:namespace`, ...). */
  context?: Readonly<Record<string, string>>;
}

/** A request as each protocol identifies its operation, with the parts that name resources. */
export type OperationCall =
  | {
      service: 'lambda';
      operation: string;
      /** Decoded path parameters (`FunctionName`, `Name`, `ARN`, ...). */
      params: Readonly<Record<string, string>>;
      /** Query parameters (`Qualifier`). */
      query: Readonly<Record<string, string>>;
      /** The parsed JSON body, when there is one. */
      body: unknown;
    }
  | {
      service: 'codedeploy' | 'cloudwatch' | 'logs' | 'iam' | 'states' | 'cloudformation';
      operation: string;
      /** The input members, as the JSON protocol names them. */
      input: Readonly<Record<string, unknown>>;
    }
  /** S3's REST API: the operation the router reads from method, path and query, and what it names. */
  | { service: 's3'; operation: string; bucket: string | undefined; keys: readonly string[] }
  /** API Gateway's control APIs and gradual's own routes: identified by method and path. */
  | { service: 'apigateway' | 'gradual'; method: string; path: string; body: unknown };

export function arnRef(arn: string): ResourceRef {
  return { kind: 'arn', arn };
}

export const ANY: ResourceRef = { kind: 'arn', arn: '*' };

export function str(input: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = input[key];
  return typeof value === 'string' ? value : undefined;
}

/** A list member in either shape it arrives in: a JSON array, or the query protocol's `member`. */
export function strings(input: Readonly<Record<string, unknown>>, key: string): string[] {
  let value = input[key];
  if (value && typeof value === 'object' && !Array.isArray(value))
    value = (value as { member?: unknown }).member;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

import { arnRef, ANY, type Account, type Check, type ResourceRef } from './model.js';

/**
 * Lambda's operations and the resource each is authorized against ("Fine-tuning the Resources
 * and Conditions sections of policies", Lambda Developer Guide). Functions are named by their
 * ARN; operations that take a version or alias are authorized against the qualified ARN when
 * the request names one, and "if your policy references the unqualified ARN, Lambda accepts
 * requests that reference the unqualified ARN but denies requests that reference a qualified
 * ARN" (`function:f*` covers both).
 */
type Scope = 'account' | 'function' | 'qualified' | 'tagged';

const SCOPES: Readonly<Record<string, Scope>> = {
  ListFunctions: 'account',
  GetAccountSettings: 'account',
  CreateFunction: 'function',
  GetFunction: 'qualified',
  GetFunctionConfiguration: 'qualified',
  UpdateFunctionCode: 'function',
  UpdateFunctionConfiguration: 'function',
  DeleteFunction: 'qualified',
  PublishVersion: 'function',
  ListVersionsByFunction: 'function',
  CreateAlias: 'function',
  ListAliases: 'function',
  GetAlias: 'function',
  UpdateAlias: 'function',
  DeleteAlias: 'function',
  PutFunctionConcurrency: 'function',
  GetFunctionConcurrency: 'function',
  DeleteFunctionConcurrency: 'function',
  Invoke: 'qualified',
  PutProvisionedConcurrencyConfig: 'qualified',
  GetProvisionedConcurrencyConfig: 'qualified',
  DeleteProvisionedConcurrencyConfig: 'qualified',
  TagResource: 'tagged',
  ListTags: 'tagged',
  UntagResource: 'tagged',
  AddPermission: 'qualified',
  RemovePermission: 'qualified',
  GetPolicy: 'qualified',
  CreateFunctionUrlConfig: 'qualified',
  GetFunctionUrlConfig: 'qualified',
  UpdateFunctionUrlConfig: 'qualified',
  DeleteFunctionUrlConfig: 'qualified',
  ListFunctionUrlConfigs: 'function',
};

/** The IAM action of an operation: its own name, but for Invoke. */
function actionOf(operation: string): string {
  return operation === 'Invoke' ? 'lambda:InvokeFunction' : `lambda:${operation}`;
}

const NAME =
  /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]*:(\d{12}):function:|(\d{12}):function:)?([^:]+)(?::([^:]+))?$/;

/** A function's ARN from any form of FunctionName (name, partial ARN, ARN; with a qualifier). */
export function functionArnOf(account: Account, functionName: string, qualifier: string | undefined): string {
  const m = NAME.exec(functionName);
  const accountId = m?.[1] ?? m?.[2] ?? account.accountId;
  const name = m?.[3] ?? functionName;
  const q = qualifier || m?.[4];
  const base = `arn:aws:lambda:${account.region}:${accountId}:function:${name}`;
  return q ? `${base}:${q}` : base;
}

function bodyString(body: unknown, key: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Giving a function an execution role is passing the role to Lambda: iam:PassRole on the role,
 * with `iam:PassedToService` (AWSLambda_FullAccess allows PassRole only under that condition).
 */
function passRole(role: string | undefined): Check[] {
  if (!role) return [];
  return [
    {
      action: 'iam:PassRole',
      resource: arnRef(role),
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    },
  ];
}

function resourceOf(
  account: Account,
  scope: Scope,
  functionName: string,
  params: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string>>,
): ResourceRef {
  switch (scope) {
    case 'account':
      return ANY;
    case 'tagged':
      return arnRef(params['ARN'] ?? '*');
    case 'function':
      return arnRef(functionArnOf(account, functionName, undefined));
    case 'qualified':
      return arnRef(functionArnOf(account, functionName, query['Qualifier']));
  }
}

export function lambdaChecks(
  account: Account,
  operation: string,
  params: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string>>,
  body: unknown,
): Check[] {
  const scope = SCOPES[operation];
  const functionName =
    operation === 'CreateFunction' ? bodyString(body, 'FunctionName') : params['FunctionName'];
  const resource = resourceOf(account, scope ?? 'account', functionName ?? '', params, query);
  const checks: Check[] = [{ action: actionOf(operation), resource }];
  if (operation === 'CreateFunction' || operation === 'UpdateFunctionConfiguration') {
    checks.push(...passRole(bodyString(body, 'Role')));
  }
  return checks;
}

import type { Log } from '../../common/log.js';
import type { Account } from '../functions/names.js';
import type { Permissions } from '../functions/permissions.js';
import { policyQualifier } from '../functions/policy-rules.js';
import type { LambdaTarget } from '../apigateway/rest/integration-uri.js';

/** Where an API Gateway request came in: what its `execute-api` source ARN is built from. */
export interface ApiRequestSource {
  apiId: string;
  stage: string;
  method: string;
  /** The request path's decoded segments. */
  segments: readonly string[];
}

/**
 * Whether a function's resource policy lets API Gateway invoke it for this request (REST and HTTP
 * APIs alike). When it does not, AWS answers 500 and logs why; the log line here says how to fix it.
 */
export async function apiGatewayMayInvoke(
  deps: { permissions: Pick<Permissions, 'allows'>; log: Log; account: Account },
  source: ApiRequestSource,
  target: LambdaTarget,
  context: { message: string } & Record<string, unknown>,
): Promise<boolean> {
  const { account } = deps;
  const path = `/${source.segments.join('/')}`;
  const sourceArn = `arn:aws:execute-api:${account.region}:${account.accountId}:${source.apiId}/${source.stage}/${source.method}${path}`;
  const allowed = await deps.permissions.allows(target.functionName, policyQualifier(target.qualifier), {
    service: 'apigateway.amazonaws.com',
    action: 'lambda:InvokeFunction',
    sourceArn,
    sourceAccount: account.accountId,
  });
  if (!allowed) {
    const { message, ...fields } = context;
    deps.log.warn(message, {
      ...fields,
      function: target.functionName,
      qualifier: target.qualifier,
      sourceArn,
      fix: 'aws lambda add-permission --principal apigateway.amazonaws.com --action lambda:InvokeFunction ...',
    });
  }
  return allowed;
}

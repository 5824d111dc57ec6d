import { assertNever } from '../../../common/errors.js';
import { cloudFormationChecks } from './cloudformation.js';
import { cloudWatchChecks } from './cloudwatch.js';
import { codeDeployResources } from './codedeploy.js';
import { apiGatewayChecks, gradualChecks } from './http-routes.js';
import { iamChecks } from './iam.js';
import { lambdaChecks } from './lambda.js';
import { logsChecks } from './logs.js';
import { s3Checks } from './s3.js';
import { statesChecks } from './states.js';
import type { Account, Check, OperationCall } from './model.js';

export type { Account, Check, OperationCall, ResourceRef } from './model.js';
export { functionArnOf } from './lambda.js';

/**
 * The authorizations AWS performs for one request: for every operation gradual serves, the IAM
 * action and the resource ARN (or what to look up to know it). A request is allowed only when
 * every check is.
 */
export function checksFor(call: OperationCall, account: Account): Check[] {
  switch (call.service) {
    case 'lambda':
      return lambdaChecks(account, call.operation, call.params, call.query, call.body);
    case 'codedeploy':
      return codeDeployResources(account, call.operation, call.input).map((resource) => ({
        action: `codedeploy:${call.operation}`,
        resource,
      }));
    case 'cloudwatch':
      return cloudWatchChecks(account, call.operation, call.input);
    case 'logs':
      return logsChecks(account, call.operation, call.input);
    case 'iam':
      return iamChecks(account, call.operation, call.input);
    case 'states':
      return statesChecks(account, call.operation, call.input);
    case 'cloudformation':
      return cloudFormationChecks(account, call.operation, call.input);
    case 's3':
      return s3Checks(call.operation, call.bucket, call.keys);
    case 'apigateway':
      return apiGatewayChecks(account, call.method, call.path);
    case 'gradual':
      return gradualChecks(account, call.method, call.path, call.body);
    default:
      return assertNever(call);
  }
}

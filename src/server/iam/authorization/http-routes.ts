import { deploymentConfigResource, deploymentGroupOf } from './codedeploy.js';
import { arnRef, ANY, type Account, type Check } from './model.js';

/**
 * API Gateway's control APIs authorize by HTTP method on the path ("Control access for managing
 * an API": action `apigateway:GET|POST|PUT|PATCH|DELETE`, resource
 * `arn:aws:apigateway:<region>::<path>`). HTTP APIs live under `/apis` in those ARNs, without the
 * `/v2` of their URLs.
 */
export function apiGatewayChecks(account: Account, method: string, path: string): Check[] {
  const resourcePath = path.replace(/^\/v2\//, '/').replace(/\/+$/, '') || '/';
  return [
    {
      action: `apigateway:${method.toUpperCase()}`,
      resource: arnRef(`arn:aws:apigateway:${account.region}::${resourcePath}`),
    },
  ];
}

const DEPLOYMENT = /^\/_gradual\/v1\/deployments\/([^/]+)(\/events)?\/?$/;

/**
 * gradual's own routes read what CodeDeploy's operations read, so they are authorized as those:
 * a deployment's decision log and events as GetDeployment, the plan preview as reading the
 * deployment configuration it plans.
 */
export function gradualChecks(account: Account, method: string, path: string, body: unknown): Check[] {
  const deployment = DEPLOYMENT.exec(path);
  if (method === 'GET' && deployment) {
    return [{ action: 'codedeploy:GetDeployment', resource: deploymentGroupOf(deployment[1]) }];
  }
  if (method === 'POST' && path.replace(/\/+$/, '') === '/_gradual/v1/plan') {
    const name =
      body &&
      typeof body === 'object' &&
      typeof (body as Record<string, unknown>)['deploymentConfigName'] === 'string'
        ? ((body as Record<string, unknown>)['deploymentConfigName'] as string)
        : 'CodeDeployDefault.LambdaAllAtOnce';
    return [{ action: 'codedeploy:GetDeploymentConfig', resource: deploymentConfigResource(account, name) }];
  }
  // A route gradual adds later stays closed to function credentials until it is mapped here.
  return [{ action: `gradual:${method.toUpperCase()}`, resource: ANY }];
}

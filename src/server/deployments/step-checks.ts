import { APPSPEC_INVALID } from './appspec.js';
import type { Ending } from './endings.js';
import type { Deployment } from './model.js';
import type { Observations } from './observations.js';
import { failure } from './step-result.js';

/** A stop request, or an alarm, ends any active deployment (rollbacks are not watched). */
export function interruption(d: Deployment, obs: Observations): Ending | undefined {
  if (d.fault) return failure(d.fault.code, d.fault.message);
  if (d.stopRequest) {
    return {
      status: 'Stopped',
      code: 'MANUAL_STOP',
      message: 'The deployment was stopped by a StopDeployment request.',
      trigger: 'DEPLOYMENT_STOP_ON_REQUEST',
    };
  }
  if (d.isRollback || !d.alarms.enabled || d.alarms.alarms.length === 0) return undefined;
  const firing = d.alarms.alarms.filter((name) => obs.alarms[name] === 'ALARM');
  if (firing.length > 0) {
    return {
      status: 'Stopped',
      code: 'ALARM_ACTIVE',
      message: `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: ${firing.join(' ')}`,
      trigger: 'DEPLOYMENT_STOP_ON_ALARM',
    };
  }
  const unknown = d.alarms.alarms.filter((name) => obs.alarms[name] === undefined);
  if (unknown.length > 0 && !d.alarms.ignorePollAlarmFailure) {
    return {
      status: 'Stopped',
      code: 'ALARM_ACTIVE',
      message: `The deployment was stopped because CodeDeploy could not read alarms it watches: ${unknown.join(' ')} (they do not exist). Create them, remove them from the alarm configuration, or set ignorePollAlarmFailure.`,
      trigger: 'DEPLOYMENT_STOP_ON_ALARM',
    };
  }
  return undefined;
}

/** The start-time checks (CodeDeploy User Guide, deployments on an AWS Lambda compute platform), in order; undefined when the deployment may start. */
export function startProblem(d: Deployment, obs: Observations): Ending | 'no-op' | undefined {
  if (!d.spec) return failure('INVALID_REVISION', d.specError ?? APPSPEC_INVALID);
  if (d.isRollback) return undefined;
  const { functionName, alias, currentVersion, targetVersion } = d.spec;
  if (!obs.alias) {
    return failure(
      'INVALID_LAMBDA_FUNCTION',
      `The deployment failed because the Lambda function ${functionName} or its alias ${alias} does not exist.`,
    );
  }
  const missing = [
    obs.versionsExist.current ? undefined : currentVersion,
    obs.versionsExist.target ? undefined : targetVersion,
  ].filter((v) => v !== undefined);
  if (missing.length > 0) {
    return failure(
      'INVALID_LAMBDA_FUNCTION',
      `The deployment failed because version ${missing.join(' and ')} of the Lambda function ${functionName} does not exist.`,
    );
  }
  if (obs.alias.functionVersion !== currentVersion) {
    return failure(
      'INVALID_LAMBDA_CONFIGURATION',
      `${APPSPEC_INVALID} The Lambda function alias version does not match the current version in AppSpec file.`,
    );
  }
  if (obs.alias.routing) {
    return failure(
      'INVALID_LAMBDA_CONFIGURATION',
      `${APPSPEC_INVALID} The alias ${alias} already routes ${obs.alias.routing.weight * 100}% of traffic to version ${obs.alias.routing.version}; clear its RoutingConfig (or roll it back) before deploying.`,
    );
  }
  if (currentVersion === targetVersion) {
    return d.routing.type === 'AllAtOnce'
      ? 'no-op'
      : failure(
          'INVALID_LAMBDA_CONFIGURATION',
          `${APPSPEC_INVALID} CurrentVersion and TargetVersion are both ${currentVersion}.`,
        );
  }
  return undefined;
}

import { errorType } from '../../common/errors.js';

/** CodeDeploy's modelled exceptions (all client errors, HTTP 400). */
const e = (code: string) => errorType(code, 400);

export class ApplicationAlreadyExistsException extends e('ApplicationAlreadyExistsException') {}
export class ApplicationDoesNotExistException extends e('ApplicationDoesNotExistException') {}
export class ApplicationNameRequiredException extends e('ApplicationNameRequiredException') {}
export class InvalidApplicationNameException extends e('InvalidApplicationNameException') {}
export class InvalidComputePlatformException extends e('InvalidComputePlatformException') {}
export class DeploymentGroupAlreadyExistsException extends e('DeploymentGroupAlreadyExistsException') {}
export class DeploymentGroupDoesNotExistException extends e('DeploymentGroupDoesNotExistException') {}
export class DeploymentGroupNameRequiredException extends e('DeploymentGroupNameRequiredException') {}
export class InvalidDeploymentGroupNameException extends e('InvalidDeploymentGroupNameException') {}
export class RoleRequiredException extends e('RoleRequiredException') {}
export class InvalidRoleException extends e('InvalidRoleException') {}
export class InvalidAlarmConfigException extends e('InvalidAlarmConfigException') {}
export class AlarmsLimitExceededException extends e('AlarmsLimitExceededException') {}
export class InvalidAutoRollbackConfigException extends e('InvalidAutoRollbackConfigException') {}
export class InvalidDeploymentStyleException extends e('InvalidDeploymentStyleException') {}
export class InvalidTrafficRoutingConfigurationException extends e(
  'InvalidTrafficRoutingConfigurationException',
) {}
export class InvalidDeploymentConfigNameException extends e('InvalidDeploymentConfigNameException') {}
export class DeploymentConfigDoesNotExistException extends e('DeploymentConfigDoesNotExistException') {}
export class DeploymentConfigAlreadyExistsException extends e('DeploymentConfigAlreadyExistsException') {}
export class DeploymentConfigNameRequiredException extends e('DeploymentConfigNameRequiredException') {}
export class DeploymentConfigInUseException extends e('DeploymentConfigInUseException') {}
export class InvalidOperationException extends e('InvalidOperationException') {}
export class RevisionRequiredException extends e('RevisionRequiredException') {}
export class RevisionDoesNotExistException extends e('RevisionDoesNotExistException') {}
export class InvalidRevisionException extends e('InvalidRevisionException') {}
export class DescriptionTooLongException extends e('DescriptionTooLongException') {}
export class DeploymentLimitExceededException extends e('DeploymentLimitExceededException') {}
export class DeploymentIdRequiredException extends e('DeploymentIdRequiredException') {}
export class InvalidDeploymentIdException extends e('InvalidDeploymentIdException') {}
export class DeploymentDoesNotExistException extends e('DeploymentDoesNotExistException') {}
export class DeploymentAlreadyCompletedException extends e('DeploymentAlreadyCompletedException') {}
export class DeploymentNotStartedException extends e('DeploymentNotStartedException') {}
export class DeploymentIsNotInReadyStateException extends e('DeploymentIsNotInReadyStateException') {}
export class InvalidDeploymentWaitTypeException extends e('InvalidDeploymentWaitTypeException') {}
export class InvalidDeploymentStatusException extends e('InvalidDeploymentStatusException') {}
export class InvalidTimeRangeException extends e('InvalidTimeRangeException') {}
export class InvalidNextTokenException extends e('InvalidNextTokenException') {}
export class InvalidInputException extends e('InvalidInputException') {}
export class BatchLimitExceededException extends e('BatchLimitExceededException') {}
export class DeploymentTargetIdRequiredException extends e('DeploymentTargetIdRequiredException') {}
export class InvalidDeploymentTargetIdException extends e('InvalidDeploymentTargetIdException') {}
export class DeploymentTargetDoesNotExistException extends e('DeploymentTargetDoesNotExistException') {}
export class DeploymentTargetListSizeExceededException extends e(
  'DeploymentTargetListSizeExceededException',
) {}
export class InvalidLifecycleEventHookExecutionIdException extends e(
  'InvalidLifecycleEventHookExecutionIdException',
) {}
export class InvalidLifecycleEventHookExecutionStatusException extends e(
  'InvalidLifecycleEventHookExecutionStatusException',
) {}
export class LifecycleEventAlreadyCompletedException extends e('LifecycleEventAlreadyCompletedException') {}
export class InvalidIgnoreApplicationStopFailuresValueException extends e(
  'InvalidIgnoreApplicationStopFailuresValueException',
) {}
export class InvalidUpdateOutdatedInstancesOnlyValueException extends e(
  'InvalidUpdateOutdatedInstancesOnlyValueException',
) {}
export class UnsupportedActionForDeploymentTypeException extends e(
  'UnsupportedActionForDeploymentTypeException',
) {}
export class InvalidTagsToAddException extends e('InvalidTagsToAddException') {}
export class InvalidArnException extends e('InvalidArnException') {}
export class ResourceArnRequiredException extends e('ResourceArnRequiredException') {}
export class ArnNotSupportedException extends e('ArnNotSupportedException') {}
export class TagRequiredException extends e('TagRequiredException') {}
export class InvalidTriggerConfigException extends e('InvalidTriggerConfigException') {}

export function noApplication(name: string): ApplicationDoesNotExistException {
  return new ApplicationDoesNotExistException(`No application found for name: ${name}`);
}

export function noGroup(name: string): DeploymentGroupDoesNotExistException {
  return new DeploymentGroupDoesNotExistException(`No Deployment Group found for name: ${name}`);
}

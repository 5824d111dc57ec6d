import { errorType } from '../../common/errors.js';

/**
 * IAM's error codes (IAM API Reference, "Errors" of each action). IAM names them without the
 * `Exception` suffix on the wire; the classes keep it so they read like every other error here.
 */
export class NoSuchEntityException extends errorType('NoSuchEntity', 404) {}
export class EntityAlreadyExistsException extends errorType('EntityAlreadyExists', 409) {}
export class DeleteConflictException extends errorType('DeleteConflict', 409) {}
export class MalformedPolicyDocumentException extends errorType('MalformedPolicyDocument', 400) {}
export class LimitExceededException extends errorType('LimitExceeded', 409) {}
export class InvalidInputException extends errorType('InvalidInput', 400) {}
export class UnmodifiableEntityException extends errorType('UnmodifiableEntity', 400) {}
export class PolicyNotAttachableException extends errorType('PolicyNotAttachable', 400) {}
/** The query protocol's answer to a parameter that fails its model constraint. */
export class ValidationError extends errorType('ValidationError', 400) {}

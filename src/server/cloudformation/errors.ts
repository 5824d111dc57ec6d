import { errorType } from '../../common/errors.js';

// CloudFormation's error codes (AWS CloudFormation API Reference, "Common Errors" and each action's).
export class ValidationError extends errorType('ValidationError', 400) {}
export class AlreadyExistsException extends errorType('AlreadyExistsException', 400) {}
export class ChangeSetNotFoundException extends errorType('ChangeSetNotFound', 404) {}
export class InsufficientCapabilitiesException extends errorType('InsufficientCapabilitiesException', 400) {}
export class InvalidChangeSetStatusException extends errorType('InvalidChangeSetStatus', 400) {}

export const stackDoesNotExist = (name: string): ValidationError =>
  new ValidationError(`Stack with id ${name} does not exist`);

import { errorType } from '../../common/errors.js';

/** Lambda's error codes (Lambda API Reference, each action's Errors), each with its HTTP status. */
export class InvalidParameterValueException extends errorType('InvalidParameterValueException', 400) {}
export class ResourceNotFoundException extends errorType('ResourceNotFoundException', 404) {}
export class ResourceConflictException extends errorType('ResourceConflictException', 409) {}
export class PreconditionFailedException extends errorType('PreconditionFailedException', 412) {}
export class TooManyRequestsException extends errorType('TooManyRequestsException', 429) {}
export class RequestEntityTooLargeException extends errorType('RequestEntityTooLargeException', 413) {}
export class InvalidRequestContentException extends errorType('InvalidRequestContentException', 400) {}
export class UnsupportedMediaTypeException extends errorType('UnsupportedMediaTypeException', 415) {}
export class CodeStorageExceededException extends errorType('CodeStorageExceededException', 400) {}

export const REVISION_MISMATCH =
  'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id';

export function functionNotFound(arn: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`Function not found: ${arn}`);
}
export class ProvisionedConcurrencyConfigNotFoundException extends errorType(
  'ProvisionedConcurrencyConfigNotFoundException',
  404,
) {}

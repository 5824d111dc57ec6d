import { errorType } from '../../common/errors.js';

// CloudWatch's errors, named by their query-protocol codes (CloudWatch API Reference, Common Errors); the JSON writer maps each
// to its model shape name.
export class ResourceNotFound extends errorType('ResourceNotFound', 404) {}
export class InvalidParameterValue extends errorType('InvalidParameterValue', 400) {}
export class InvalidParameterCombination extends errorType('InvalidParameterCombination', 400) {}
export class MissingParameter extends errorType('MissingParameter', 400) {}
export class LimitExceeded extends errorType('LimitExceeded', 400) {}
export class InvalidFormat extends errorType('InvalidFormat', 400) {}
export class InvalidNextToken extends errorType('InvalidNextToken', 400) {}
/** CloudWatch's name for a request that fails a model constraint (JSON: coral ValidationException). */
export class ValidationError extends errorType('ValidationError', 400) {}

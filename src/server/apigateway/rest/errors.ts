import { errorType } from '../../../common/errors.js';

/** API Gateway's error codes, each with its HTTP status. */
export class NotFoundException extends errorType('NotFoundException', 404) {}
export class BadRequestException extends errorType('BadRequestException', 400) {}
export class ConflictException extends errorType('ConflictException', 409) {}
export class LimitExceededException extends errorType('LimitExceededException', 429) {}

export function apiNotFound(accountId: string, apiId: string): NotFoundException {
  return new NotFoundException(`Invalid API identifier specified ${accountId}:${apiId}`);
}

export function resourceNotFound(): NotFoundException {
  return new NotFoundException('Invalid Resource identifier specified');
}

export function methodNotFound(): NotFoundException {
  return new NotFoundException('Invalid Method identifier specified');
}

export function stageNotFound(): NotFoundException {
  return new NotFoundException('Invalid Stage identifier specified');
}

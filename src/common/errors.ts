/**
 * One error model for every service: an error is named exactly as AWS names its code and carries
 * its HTTP status. Each protocol has one writer that puts it on the wire (see api/protocols).
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra members of the error body, such as Lambda's throttling `Reason`. */
    readonly fields: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  override get name(): string {
    return this.code;
  }
}

type ErrorClass = new (message: string, fields?: Record<string, unknown>) => ServiceError;

/** Declares an error class for one AWS error code. */
export function errorType(code: string, status: number): ErrorClass {
  return class extends ServiceError {
    constructor(message: string, fields?: Record<string, unknown>) {
      super(code, status, message, fields);
    }
  };
}

// Shared by every service.
export class ValidationException extends errorType('ValidationException', 400) {}
export class AccessDeniedException extends errorType('AccessDeniedException', 403) {}
export class InvalidSignatureException extends errorType('InvalidSignatureException', 403) {}
export class UnrecognizedClientException extends errorType('UnrecognizedClientException', 403) {}
export class MissingAuthenticationTokenException extends errorType(
  'MissingAuthenticationTokenException',
  403,
) {}
export class IncompleteSignatureException extends errorType('IncompleteSignatureException', 400) {}
export class UnknownOperationException extends errorType('UnknownOperationException', 404) {}
export class SerializationException extends errorType('SerializationException', 400) {}
export class ServiceException extends errorType('ServiceException', 500) {}

/** Ends a `switch` over a tagged union: adding a case without handling it fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/**
 * The database (PostgreSQL in a cluster) cannot be reached: the request fails fast with AWS's
 * generic service error, as 503 so clients and load balancers retry.
 */
export class DatabaseUnavailableException extends ServiceError {
  constructor(readonly detail: string) {
    super('ServiceException', 503, `gradual cannot reach its database (${detail}); try again shortly.`);
  }
}

/**
 * A problem the user can fix, said in a line or two with what to do. Commands print its message
 * as is, without a stack trace.
 */
export class ActionableError extends Error {}

import { errorType } from '../../common/errors.js';

/** The dashboard's own refusals; errors of the services it calls pass through with their AWS codes. */
export class NotSignedInException extends errorType('NotSignedInException', 401) {}
export class CrossSiteRequestException extends errorType('CrossSiteRequestException', 403) {}
export class InvalidCsrfTokenException extends errorType('InvalidCsrfTokenException', 403) {}
export class HostNotAllowedException extends errorType('HostNotAllowedException', 403) {}
export class TooManySignInAttemptsException extends errorType('TooManySignInAttemptsException', 429) {}
export class ConflictException extends errorType('ConflictException', 409) {}
export class NotFoundException extends errorType('NotFoundException', 404) {}
export class BadRequestException extends errorType('BadRequestException', 400) {}

import { ValidationException } from '../../common/errors.js';
import { ENVIRONMENT_KEY, RESERVED_ENVIRONMENT_KEYS } from '../../contracts/function-config.js';

export { RESERVED_ENVIRONMENT_KEYS };
import { InvalidParameterValueException } from './errors.js';
import type { CodeRef, FunctionConfig } from './model.js';
import { constraintMessage } from './names.js';
import { DEPRECATED_RUNTIMES, SUPPORTED_RUNTIMES, UNAVAILABLE_RUNTIMES } from './runtimes.js';

export const ENVIRONMENT_LIMIT_BYTES = 4096;
export const ZIP_LIMIT_BYTES = 52_428_800;
export const UNZIPPED_LIMIT_BYTES = 262_144_000;

export function validateRuntime(runtime: string): void {
  if ((DEPRECATED_RUNTIMES as readonly string[]).includes(runtime)) {
    throw new InvalidParameterValueException(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  if ((UNAVAILABLE_RUNTIMES as readonly string[]).includes(runtime)) {
    throw new InvalidParameterValueException(
      `The runtime ${runtime} is not available in gradual. Supported runtimes: ${SUPPORTED_RUNTIMES.join(', ')}.`,
    );
  }
  if (!(SUPPORTED_RUNTIMES as readonly string[]).includes(runtime)) {
    throw new InvalidParameterValueException(
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES.join(', ')}] or be a valid ARN`,
    );
  }
}

const ENV_KEY = ENVIRONMENT_KEY;

export function validateEnvironment(variables: Record<string, string>): void {
  for (const key of Object.keys(variables)) {
    if (!ENV_KEY.test(key)) {
      throw new ValidationException(
        constraintMessage(
          key,
          'environment.variables',
          'Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]',
        ),
      );
    }
  }
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENVIRONMENT_KEYS.includes(k));
  if (reserved.length > 0) {
    throw new InvalidParameterValueException(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > ENVIRONMENT_LIMIT_BYTES) {
    throw new InvalidParameterValueException(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}

export function validateCodeSize(code: CodeRef): void {
  if (code.unzippedSize > UNZIPPED_LIMIT_BYTES) {
    throw new InvalidParameterValueException(
      `Unzipped size must be smaller than ${UNZIPPED_LIMIT_BYTES} bytes`,
    );
  }
}

/** The settings a caller may give on create or change on update; everything else is lifecycle. */
export type ConfigSettings = Pick<
  FunctionConfig,
  | 'runtime'
  | 'role'
  | 'handler'
  | 'description'
  | 'timeout'
  | 'memorySize'
  | 'environment'
  | 'architecture'
  | 'ephemeralStorage'
  | 'tracingMode'
  | 'logFormat'
  | 'logGroup'
>;

export const DEFAULT_SETTINGS: Omit<ConfigSettings, 'runtime' | 'role' | 'handler'> = {
  description: '',
  timeout: 3,
  memorySize: 128,
  environment: undefined,
  architecture: 'x86_64',
  ephemeralStorage: 512,
  tracingMode: 'PassThrough',
  logFormat: 'Text',
  logGroup: undefined,
};

/** Checks the settings that are rules of Lambda rather than of the request's shape. */
export function validateSettings(settings: Partial<ConfigSettings>): void {
  if (settings.runtime !== undefined) validateRuntime(settings.runtime);
  if (settings.environment !== undefined) validateEnvironment(settings.environment);
}

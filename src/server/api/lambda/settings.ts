import { ValidationException } from '../../../common/errors.js';
import { validateSettings, type ConfigSettings } from '../../functions/config-rules.js';
import { InvalidParameterValueException } from '../../functions/errors.js';
import { constraintMessage } from '../../functions/names.js';
import type { CreateFunctionBody, UpdateFunctionConfigurationBody } from './schemas.js';

type SettingsBody = Omit<UpdateFunctionConfigurationBody, 'RevisionId'> &
  Pick<CreateFunctionBody, 'Architectures' | 'CodeSigningConfigArn'>;

/** Features of Lambda gradual does not have: refused by name rather than silently ignored. */
function refuseUnsupported(body: SettingsBody): void {
  const unsupported: [string, boolean][] = [
    ['Layers', (body.Layers?.length ?? 0) > 0],
    [
      'VpcConfig',
      (body.VpcConfig?.SubnetIds?.length ?? 0) + (body.VpcConfig?.SecurityGroupIds?.length ?? 0) > 0,
    ],
    ['DeadLetterConfig', Boolean(body.DeadLetterConfig?.TargetArn)],
    ['KMSKeyArn', Boolean(body.KMSKeyArn)],
    ['FileSystemConfigs', (body.FileSystemConfigs?.length ?? 0) > 0],
    ['SnapStart', body.SnapStart?.ApplyOn === 'PublishedVersions'],
    ['ImageConfig', body.ImageConfig !== undefined && Object.keys(body.ImageConfig).length > 0],
    ['CodeSigningConfigArn', Boolean(body.CodeSigningConfigArn)],
  ];
  const named = unsupported.filter(([, used]) => used).map(([name]) => name);
  if (named.length > 0) {
    throw new InvalidParameterValueException(
      `gradual does not support ${named.join(', ')}; remove ${named.length === 1 ? 'it' : 'them'} from the request.`,
    );
  }
}

export function architectureFrom(values: readonly string[]): 'x86_64' | 'arm64' {
  const shown = `[${values.join(', ')}]`;
  if (values.length !== 1) {
    throw new ValidationException(
      constraintMessage(
        shown,
        'architectures',
        values.length === 0
          ? 'Member must have length greater than or equal to 1'
          : 'Member must have length less than or equal to 1',
      ),
    );
  }
  const [value] = values;
  if (value !== 'x86_64' && value !== 'arm64') {
    throw new ValidationException(
      constraintMessage(
        shown,
        'architectures',
        'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]',
      ),
    );
  }
  return value;
}

/** Turns the settings members of a create or update request into validated settings. */
export function settingsFrom(body: SettingsBody): Partial<ConfigSettings> {
  refuseUnsupported(body);
  const settings: Partial<ConfigSettings> = {};
  if (body.Runtime !== undefined) settings.runtime = body.Runtime;
  if (body.Role !== undefined) settings.role = body.Role;
  if (body.Handler !== undefined) settings.handler = body.Handler;
  if (body.Description !== undefined) settings.description = body.Description;
  if (body.Timeout !== undefined) settings.timeout = body.Timeout;
  if (body.MemorySize !== undefined) settings.memorySize = body.MemorySize;
  if (body.Environment !== undefined) settings.environment = body.Environment.Variables ?? {};
  if (body.Architectures !== undefined) settings.architecture = architectureFrom(body.Architectures);
  if (body.EphemeralStorage !== undefined) settings.ephemeralStorage = body.EphemeralStorage.Size;
  if (body.TracingConfig?.Mode !== undefined) settings.tracingMode = body.TracingConfig.Mode;
  if (body.LoggingConfig?.LogFormat !== undefined) settings.logFormat = body.LoggingConfig.LogFormat;
  if (body.LoggingConfig?.LogGroup !== undefined) settings.logGroup = body.LoggingConfig.LogGroup;
  validateSettings(settings);
  return settings;
}

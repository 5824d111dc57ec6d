import { TemplateError } from '../../../common/template/errors.js';
import { checkNames, SAM_FUNCTION_URL_CONFIG } from '../../../common/template/sam-names.js';
import type { ResourceDefinition } from '../model.js';
import { isRecord } from '../../../common/is-record.js';

/** Where a function's extras attach: the alias when `AutoPublishAlias` is set, as SAM does. */
export interface FunctionTarget {
  id: string;
  alias?: { name: string; logicalId: string };
  path: string;
  common: Partial<ResourceDefinition>;
}

const INVOKE_CONFIG = ['MaximumEventAgeInSeconds', 'MaximumRetryAttempts', 'DestinationConfig'];

/** Keys SAM defines there, all carried out: anything else is a slip, with the name meant. */
const only = (value: Record<string, unknown>, names: readonly string[], path: string): void =>
  checkNames(value, path, { known: names, supported: names, what: 'SAM' });

/**
 * `FunctionUrlConfig` as SAM expands it: `<Fn>Url` (AWS::Lambda::Url on the alias, or on the
 * function without one) and, for `AuthType: NONE`, `<Fn>UrlPublicPermissions` letting anyone call
 * it (AWS SAM, AWS::Serverless::Function FunctionUrlConfig).
 */
export function samFunctionUrl(config: unknown, at: FunctionTarget): Record<string, ResourceDefinition> {
  if (config === undefined) return {};
  const path = `${at.path}.FunctionUrlConfig`;
  if (!isRecord(config)) throw new TemplateError(path, 'must be a mapping');
  only(config, SAM_FUNCTION_URL_CONFIG, path);
  const auth = config['AuthType'];
  if (auth !== 'NONE' && auth !== 'AWS_IAM')
    throw new TemplateError(`${path}.AuthType`, 'must be NONE or AWS_IAM');
  if (config['InvokeMode'] !== undefined && config['InvokeMode'] !== 'BUFFERED')
    throw new TemplateError(
      `${path}.InvokeMode`,
      `${typeof config['InvokeMode'] === 'string' ? config['InvokeMode'] : 'this value'} is not supported by gradual`,
    );
  const target = { Ref: at.alias ? at.alias.logicalId : at.id };
  const dependsOn = at.alias ? { DependsOn: [at.alias.logicalId] } : {};
  const out: Record<string, ResourceDefinition> = {
    [`${at.id}Url`]: {
      Type: 'AWS::Lambda::Url',
      Properties: {
        TargetFunctionArn: target,
        AuthType: auth,
        ...(config['Cors'] !== undefined ? { Cors: config['Cors'] } : {}),
      },
      ...dependsOn,
      ...at.common,
    },
  };
  if (auth === 'NONE')
    out[`${at.id}UrlPublicPermissions`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunctionUrl',
        FunctionName: target,
        Principal: '*',
        FunctionUrlAuthType: 'NONE',
      },
      ...dependsOn,
      ...at.common,
    };
  return out;
}

/** A destination as Lambda takes it: SAM's `Type` only says what to create or allow, gradual needs the ARN. */
function destination(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new TemplateError(path, 'must be a mapping with Destination');
  if (value['Destination'] === undefined)
    throw new TemplateError(
      `${path}.Destination`,
      'is required by gradual (SAM would create a queue or topic; give the ARN of an existing destination)',
    );
  only(value, ['Type', 'Destination'], path);
  return { Destination: value['Destination'] };
}

/**
 * `EventInvokeConfig` as SAM expands it: `<Fn>EventInvokeConfig` (AWS::Lambda::EventInvokeConfig)
 * on the alias, or on `$LATEST` without one.
 */
export function samEventInvokeConfig(
  config: unknown,
  at: FunctionTarget,
): Record<string, ResourceDefinition> {
  if (config === undefined) return {};
  const path = `${at.path}.EventInvokeConfig`;
  if (!isRecord(config)) throw new TemplateError(path, 'must be a mapping');
  only(config, INVOKE_CONFIG, path);
  const props: Record<string, unknown> = {
    FunctionName: { Ref: at.id },
    Qualifier: at.alias ? at.alias.name : '$LATEST',
  };
  for (const key of ['MaximumEventAgeInSeconds', 'MaximumRetryAttempts'])
    if (config[key] !== undefined) props[key] = config[key];
  const destinations = config['DestinationConfig'];
  if (destinations !== undefined) {
    const dpath = `${path}.DestinationConfig`;
    if (!isRecord(destinations)) throw new TemplateError(dpath, 'must be a mapping');
    only(destinations, ['OnSuccess', 'OnFailure'], dpath);
    props['DestinationConfig'] = Object.fromEntries(
      Object.entries(destinations).map(([k, v]) => [k, destination(v, `${dpath}.${k}`)]),
    );
  }
  return {
    [`${at.id}EventInvokeConfig`]: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: props,
      ...(at.alias ? { DependsOn: [at.alias.logicalId] } : {}),
      ...at.common,
    },
  };
}

/** `ProvisionedConcurrencyConfig`: SAM sets it on the alias, so it needs `AutoPublishAlias`. */
export function provisionedConcurrency(config: unknown, at: FunctionTarget): Record<string, unknown> {
  if (config === undefined) return {};
  const path = `${at.path}.ProvisionedConcurrencyConfig`;
  if (!at.alias) throw new TemplateError(path, "'AutoPublishAlias' property is required");
  if (!isRecord(config) || config['ProvisionedConcurrentExecutions'] === undefined)
    throw new TemplateError(path, 'must be a mapping with ProvisionedConcurrentExecutions');
  only(config, ['ProvisionedConcurrentExecutions'], path);
  return { ProvisionedConcurrencyConfig: config };
}

import { TemplateError } from '../../../common/template/errors.js';
import type { ResourceDefinition } from '../model.js';
import { samExecutionRole, STATE_MACHINE_ROLE } from './sam-role.js';
import { isRecord } from '../../../common/is-record.js';

const PROPERTIES = new Set([
  'Definition',
  'DefinitionUri',
  'DefinitionSubstitutions',
  'Name',
  'Type',
  'Role',
  'Policies',
  'Tags',
]);

/** `DefinitionUri` as `aws cloudformation package` leaves it: `s3://bucket/key` or `{Bucket, Key}`. */
function s3Location(uri: unknown, path: string): Record<string, unknown> {
  if (typeof uri === 'string') {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (m) return { Bucket: m[1], Key: m[2] };
  } else if (isRecord(uri) && uri['Bucket'] !== undefined && uri['Key'] !== undefined)
    return {
      Bucket: uri['Bucket'],
      Key: uri['Key'],
      ...(uri['Version'] !== undefined ? { Version: uri['Version'] } : {}),
    };
  throw new TemplateError(
    `${path}.DefinitionUri`,
    'must be an S3 location (run aws cloudformation package first)',
  );
}

/**
 * `AWS::Serverless::StateMachine` as SAM transforms it: an `AWS::StepFunctions::StateMachine`
 * (`Definition`, or `DefinitionUri` as `DefinitionS3Location`, with `DefinitionSubstitutions`),
 * and without `Role` a `<Id>Role` trusting Step Functions with the `Policies` (managed, documents,
 * `LambdaInvokePolicy`). `Events`, `Logging` and `Tracing` are refused by name.
 */
export function samStateMachine(
  id: string,
  raw: Record<string, unknown>,
): Record<string, ResourceDefinition> {
  const path = `Resources.${id}.Properties`;
  const props = isRecord(raw['Properties']) ? raw['Properties'] : {};
  for (const key of Object.keys(props))
    if (!PROPERTIES.has(key)) throw new TemplateError(`${path}.${key}`, 'is not supported by gradual');
  if ((props['Definition'] === undefined) === (props['DefinitionUri'] === undefined))
    throw new TemplateError(path, 'exactly one of Definition and DefinitionUri is required');
  const common: Partial<ResourceDefinition> = {};
  if (typeof raw['Condition'] === 'string') common.Condition = raw['Condition'];
  const role = samExecutionRole(id, props, path, common, STATE_MACHINE_ROLE);
  const tags = isRecord(props['Tags']) ? props['Tags'] : {};
  const machine: ResourceDefinition = {
    Type: 'AWS::StepFunctions::StateMachine',
    Properties: {
      ...(props['Definition'] !== undefined
        ? { Definition: props['Definition'] }
        : { DefinitionS3Location: s3Location(props['DefinitionUri'], path) }),
      ...(props['DefinitionSubstitutions'] !== undefined
        ? { DefinitionSubstitutions: props['DefinitionSubstitutions'] }
        : {}),
      RoleArn: role.role,
      ...(props['Name'] !== undefined ? { StateMachineName: props['Name'] } : {}),
      ...(props['Type'] !== undefined ? { StateMachineType: props['Type'] } : {}),
      Tags: [
        { Key: 'stateMachine:createdBy', Value: 'SAM' },
        ...Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      ],
    },
    ...common,
    ...(raw['DependsOn'] ? { DependsOn: raw['DependsOn'] as string[] } : {}),
  };
  return { [id]: machine, ...(role.resource ? { [`${id}Role`]: role.resource } : {}) };
}

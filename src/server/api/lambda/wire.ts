import { createHash } from 'node:crypto';
import type { AliasRecord, FunctionConfig } from '../../functions/model.js';
import { functionArn, type Account } from '../../functions/names.js';
import { codeSha256Base64 } from '../../functions/version-rules.js';

/** Lambda's timestamp form: `2019-08-14T22:26:11.234+0000`. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function runtimeVersionArn(account: Account, runtime: string): string {
  const digest = createHash('sha256').update(runtime).digest('hex');
  return `arn:aws:lambda:${account.region}::runtime:${digest}`;
}

/** Drops undefined members: AWS omits absent optional fields rather than sending null. */
function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The `FunctionConfiguration` shape (Lambda API Reference, FunctionConfiguration). List items leave out the lifecycle fields and
 * the runtime version, as AWS does.
 */
export function toFunctionConfiguration(
  account: Account,
  name: string,
  config: FunctionConfig,
  version: string,
  arn: string,
  options: { listItem?: boolean } = {},
): Record<string, unknown> {
  const lifecycle = options.listItem
    ? {}
    : {
        State: config.state,
        StateReason: config.stateReason,
        StateReasonCode: config.stateReasonCode,
        LastUpdateStatus: config.lastUpdateStatus,
        LastUpdateStatusReason: config.lastUpdateStatusReason,
        LastUpdateStatusReasonCode: config.lastUpdateStatusReasonCode,
        RuntimeVersionConfig: { RuntimeVersionArn: runtimeVersionArn(account, config.runtime) },
      };
  return compact({
    FunctionName: name,
    FunctionArn: arn,
    Runtime: config.runtime,
    Role: config.role,
    Handler: config.handler,
    CodeSize: config.code.size,
    Description: config.description,
    Timeout: config.timeout,
    MemorySize: config.memorySize,
    LastModified: lambdaTimestamp(config.lastModified),
    CodeSha256: codeSha256Base64(config.code.sha256Hex),
    Version: version,
    Environment: config.environment === undefined ? undefined : { Variables: config.environment },
    TracingConfig: { Mode: config.tracingMode },
    RevisionId: config.revisionId,
    PackageType: 'Zip',
    Architectures: [config.architecture],
    EphemeralStorage: { Size: config.ephemeralStorage },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: config.logFormat, LogGroup: config.logGroup ?? `/aws/lambda/${name}` },
    ...lifecycle,
  });
}

export function toAliasConfiguration(account: Account, alias: AliasRecord): Record<string, unknown> {
  return compact({
    AliasArn: functionArn(account, alias.functionName, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RoutingConfig: alias.routing
      ? { AdditionalVersionWeights: { [alias.routing.version]: alias.routing.weight } }
      : undefined,
    RevisionId: alias.revisionId,
  });
}

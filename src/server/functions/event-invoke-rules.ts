import { InvalidParameterValueException, ResourceNotFoundException } from './errors.js';
import type {
  EventInvokeConfigChange,
  EventInvokeConfigRecord,
  EventInvokeOwner,
  EventInvokeSettings,
} from './event-invoke-store.js';
import { functionArn, LATEST, parseFunctionArn, type Account } from './names.js';

/**
 * Lambda's rules for asynchronous invocation settings (PutFunctionEventInvokeConfig and its
 * siblings), as pure decisions over the function and its current settings. Messages are AWS's.
 */

interface Decision<T> {
  changes: readonly EventInvokeConfigChange[];
  result: T;
}

export interface EventInvokeInput {
  functionName: string;
  /** `$LATEST` for the unqualified function. */
  qualifier: string;
  settings: EventInvokeSettings;
  account: Account;
  now: number;
}

/** The services AWS accepts as destinations that gradual has no equivalent of, by ARN service. */
const NOT_HERE: Record<string, string> = {
  sqs: 'Amazon SQS queues',
  sns: 'Amazon SNS topics',
  events: 'Amazon EventBridge event buses',
  s3: 'Amazon S3 buckets',
};

const NOTHING_SET = 'You must specify at least one of error handling or destination setting.';
const NO_FUNCTION = "The function doesn't exist.";

export function noConfig(account: Account, functionName: string, qualifier: string | undefined): Error {
  return new ResourceNotFoundException(
    `The function ${functionArn(account, functionName, qualifier)} doesn't have an EventInvokeConfig`,
  );
}

function requireTarget(owner: EventInvokeOwner | undefined, qualifier: string): EventInvokeOwner {
  const exists =
    owner !== undefined &&
    (qualifier === LATEST || owner.versions.has(qualifier) || owner.aliases.has(qualifier));
  if (!exists) throw new ResourceNotFoundException(NO_FUNCTION);
  return owner;
}

function anythingSet(settings: EventInvokeSettings): boolean {
  return (
    settings.maximumRetryAttempts !== undefined ||
    settings.maximumEventAgeInSeconds !== undefined ||
    settings.onSuccess !== undefined ||
    settings.onFailure !== undefined
  );
}

/**
 * Checks a destination: a Lambda function of this account that exists and is not the function
 * itself. Services AWS offers and gradual has not (SQS, SNS, EventBridge, S3) are refused by name.
 */
export function checkDestination(
  arn: string,
  input: Pick<EventInvokeInput, 'functionName' | 'account'>,
  functionExists: (name: string) => boolean,
  describe: () => string,
): void {
  const service = /^arn:aws[a-zA-Z-]*:([a-z0-9-]+):/.exec(arn)?.[1];
  const missing = service === undefined ? undefined : NOT_HERE[service];
  if (missing) {
    throw new InvalidParameterValueException(
      `gradual has no ${missing}: the destination ${arn} cannot receive invocation records. Use a Lambda function ARN as the destination; gradual invokes it asynchronously with the record.`,
    );
  }
  if (service !== 'lambda') {
    throw new InvalidParameterValueException(`The provided destination config ${describe()} is invalid.`);
  }
  let target: ReturnType<typeof parseFunctionArn>;
  try {
    target = parseFunctionArn(arn, input.account);
  } catch {
    target = undefined; // another region or account: not a destination this server can reach
  }
  if (!target) throw new InvalidParameterValueException(`The destination ARN ${arn} is invalid.`);
  if (target.name === input.functionName) {
    throw new InvalidParameterValueException("You can't specify the function as a destination for itself.");
  }
  if (!functionExists(target.name))
    throw new InvalidParameterValueException(`The destination ARN ${arn} is invalid.`);
}

function checkDestinations(
  settings: EventInvokeSettings,
  input: EventInvokeInput,
  functionExists: (name: string) => boolean,
): void {
  const part = (name: string, arn: string | undefined): string =>
    arn ? `${name}(destination=${arn})` : 'null';
  const describe = (): string =>
    `DestinationConfig(onSuccess=${part('OnSuccess', settings.onSuccess)}, onFailure=${part('OnFailure', settings.onFailure)})`;
  for (const arn of [settings.onSuccess, settings.onFailure]) {
    if (arn) checkDestination(arn, input, functionExists, describe);
  }
}

function record(input: EventInvokeInput, settings: EventInvokeSettings): EventInvokeConfigRecord {
  return {
    functionName: input.functionName,
    qualifier: input.qualifier,
    ...settings,
    lastModified: input.now,
  };
}

/** Put: replaces the settings whole (what is left out is removed). */
export function decidePutEventInvokeConfig(
  owner: EventInvokeOwner | undefined,
  input: EventInvokeInput,
  functionExists: (name: string) => boolean,
): Decision<EventInvokeConfigRecord> {
  if (!anythingSet(input.settings)) throw new InvalidParameterValueException(NOTHING_SET);
  requireTarget(owner, input.qualifier);
  checkDestinations(input.settings, input, functionExists);
  const result = record(input, input.settings);
  return { changes: [{ kind: 'putConfig', record: result }], result };
}

/** Update: changes only what is given; a given DestinationConfig replaces both destinations. */
export function decideUpdateEventInvokeConfig(
  owner: EventInvokeOwner | undefined,
  configs: readonly EventInvokeConfigRecord[],
  input: EventInvokeInput & { destinationsGiven: boolean },
  functionExists: (name: string) => boolean,
): Decision<EventInvokeConfigRecord> {
  if (!anythingSet(input.settings) && !input.destinationsGiven) {
    throw new InvalidParameterValueException(NOTHING_SET);
  }
  requireTarget(owner, input.qualifier);
  const current = configs.find((c) => c.qualifier === input.qualifier);
  if (!current) throw noConfig(input.account, input.functionName, input.qualifier);
  const { functionName: _f, qualifier: _q, lastModified: _l, ...before } = current;
  const merged: EventInvokeSettings = {
    ...before,
    ...(input.settings.maximumRetryAttempts !== undefined
      ? { maximumRetryAttempts: input.settings.maximumRetryAttempts }
      : {}),
    ...(input.settings.maximumEventAgeInSeconds !== undefined
      ? { maximumEventAgeInSeconds: input.settings.maximumEventAgeInSeconds }
      : {}),
  };
  if (input.destinationsGiven) {
    delete merged.onSuccess;
    delete merged.onFailure;
    if (input.settings.onSuccess) merged.onSuccess = input.settings.onSuccess;
    if (input.settings.onFailure) merged.onFailure = input.settings.onFailure;
  }
  checkDestinations(merged, input, functionExists);
  const result = record(input, merged);
  return { changes: [{ kind: 'putConfig', record: result }], result };
}

export function findEventInvokeConfig(
  configs: readonly EventInvokeConfigRecord[],
  account: Account,
  functionName: string,
  qualifier: string,
): EventInvokeConfigRecord {
  const found = configs.find((c) => c.qualifier === qualifier);
  if (!found) throw noConfig(account, functionName, qualifier);
  return found;
}

export function decideDeleteEventInvokeConfig(
  configs: readonly EventInvokeConfigRecord[],
  account: Account,
  functionName: string,
  qualifier: string | undefined,
): Decision<undefined> {
  const stored = qualifier ?? LATEST;
  if (!configs.some((c) => c.qualifier === stored)) throw noConfig(account, functionName, qualifier);
  return { changes: [{ kind: 'deleteConfig', functionName, qualifier: stored }], result: undefined };
}

export function requireFunctionForList(owner: EventInvokeOwner | undefined): void {
  if (!owner) throw new ResourceNotFoundException(NO_FUNCTION);
}

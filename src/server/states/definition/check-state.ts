import { parseTimestamp } from '../choice/timestamp.js';
import { ErrorNames } from '../errors/states-error.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { checkChoiceRule } from './check-choice.js';
import { checkPathField, checkTemplate } from './check-paths.js';
import { schemaError, type Diagnostic, type Location } from './diagnostics.js';
import { LAMBDA_INVOKE_PARAMETERS, parseResource } from './resources.js';

/** A nested state machine to check next: a Parallel branch or a Map state's processor. */
export interface NestedMachine {
  machine: Json;
  at: Location;
  isMapProcessor: boolean;
}

/**
 * The rules of one state beyond its shape: transitions, paths, templates, handlers, and the
 * fields that only make sense together. `state` has passed its type's schema.
 */
export function checkState(
  state: JsonObject,
  at: Location,
): { diagnostics: Diagnostic[]; nested: NestedMachine[] } {
  const d: Diagnostic[] = [];
  const nested: NestedMachine[] = [];
  const type = state.Type as string;
  if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail') d.push(...checkFlow(state, at));
  for (const field of ['InputPath', 'OutputPath'] as const)
    d.push(...checkPathField(state, field, 'path', at));
  d.push(...checkPathField(state, 'ResultPath', 'result', at));
  for (const field of ['Parameters', 'ResultSelector', 'ItemSelector'] as const) {
    if (state[field] !== undefined) d.push(...checkTemplate(state[field], [...at, field]));
  }
  d.push(...checkHandlers(state, at));
  switch (type) {
    case 'Task':
      d.push(...checkTask(state, at));
      break;
    case 'Choice':
      (state.Choices as Json[]).forEach((rule, i) =>
        d.push(...checkChoiceRule(rule, [...at, 'Choices', i], true)),
      );
      break;
    case 'Wait':
      d.push(...checkWait(state, at));
      break;
    case 'Fail':
      d.push(...exclusive(state, 'Error', 'ErrorPath', at), ...exclusive(state, 'Cause', 'CausePath', at));
      d.push(...checkPathField(state, 'ErrorPath', 'referenceOrIntrinsic', at));
      d.push(...checkPathField(state, 'CausePath', 'referenceOrIntrinsic', at));
      break;
    case 'Parallel':
      (state.Branches as Json[]).forEach((machine, i) =>
        nested.push({ machine, at: [...at, 'Branches', i], isMapProcessor: false }),
      );
      break;
    case 'Map':
      d.push(...checkMap(state, at, nested));
      break;
  }
  return { diagnostics: d, nested };
}

function checkFlow(state: JsonObject, at: Location): Diagnostic[] {
  const hasNext = state.Next !== undefined;
  const ends = state.End === true;
  if (hasNext === ends) {
    return [schemaError(`Exactly one of the fields 'Next' or 'End' (true) is required`, at)];
  }
  return [];
}

function exclusive(state: JsonObject, a: string, b: string, at: Location): Diagnostic[] {
  return state[a] !== undefined && state[b] !== undefined
    ? [schemaError(`The fields '${a}' and '${b}' are mutually exclusive`, at)]
    : [];
}

function checkHandlers(state: JsonObject, at: Location): Diagnostic[] {
  const d: Diagnostic[] = [];
  for (const field of ['Retry', 'Catch'] as const) {
    const list = state[field];
    if (!Array.isArray(list)) continue;
    list.forEach((handler, i) => {
      const names = (handler as JsonObject).ErrorEquals as string[];
      const where = [...at, field, i];
      if (names.includes(ErrorNames.all)) {
        if (names.length > 1)
          d.push(schemaError(`${ErrorNames.all} must appear alone in ErrorEquals`, where));
        if (i !== list.length - 1)
          d.push(
            schemaError(
              `A ${field === 'Retry' ? 'Retrier' : 'Catcher'} with ${ErrorNames.all} must be the last one`,
              where,
            ),
          );
      }
      if (field === 'Catch') d.push(...checkPathField(handler as JsonObject, 'ResultPath', 'result', where));
    });
  }
  return d;
}

function checkTask(state: JsonObject, at: Location): Diagnostic[] {
  const d = [
    ...exclusive(state, 'TimeoutSeconds', 'TimeoutSecondsPath', at),
    ...exclusive(state, 'HeartbeatSeconds', 'HeartbeatSecondsPath', at),
    ...checkPathField(state, 'TimeoutSecondsPath', 'reference', at),
    ...checkPathField(state, 'HeartbeatSecondsPath', 'reference', at),
  ];
  const [timeout, heartbeat] = [state.TimeoutSeconds, state.HeartbeatSeconds];
  if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout) {
    d.push(
      schemaError(`The value for the field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'`, [
        ...at,
        'HeartbeatSeconds',
      ]),
    );
  }
  const resource = state.Resource as string;
  const parsed = parseResource(resource);
  if (parsed === 'unrecognized') {
    d.push(
      schemaError(
        `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
        [...at, 'Resource'],
      ),
    );
  } else if (parsed === 'unsupported') {
    d.push(
      schemaError(
        `The resource provided ${resource} is not supported by gradual, which runs Lambda functions only (a function ARN, or arn:aws:states:::lambda:invoke with or without .waitForTaskToken).`,
        [...at, 'Resource'],
      ),
    );
  } else if (parsed.kind === 'lambda-invoke') {
    d.push(...checkInvokeParameters(state.Parameters, [...at, 'Parameters']));
  }
  return d;
}

function checkInvokeParameters(parameters: Json | undefined, at: Location): Diagnostic[] {
  if (!isObject(parameters)) return [schemaError(`The field 'FunctionName' is required but was missing`, at)];
  const d: Diagnostic[] = [];
  const names = Object.keys(parameters).map((k) => (k.endsWith('.$') ? k.slice(0, -2) : k));
  if (!names.includes('FunctionName'))
    d.push(schemaError(`The field 'FunctionName' is required but was missing`, at));
  for (const name of names) {
    if (!LAMBDA_INVOKE_PARAMETERS.includes(name)) {
      d.push(schemaError(`The field '${name}' is not supported by Step Functions`, at));
    }
  }
  return d;
}

function checkWait(state: JsonObject, at: Location): Diagnostic[] {
  const given = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter(
    (f) => state[f] !== undefined,
  );
  const d: Diagnostic[] = [];
  if (given.length !== 1) {
    d.push(
      schemaError(
        `Exactly one of the fields 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' is required`,
        at,
      ),
    );
  }
  if (typeof state.Timestamp === 'string' && parseTimestamp(state.Timestamp) === undefined) {
    d.push(
      schemaError(`The value for the field 'Timestamp' must be a valid ISO 8601 timestamp`, [
        ...at,
        'Timestamp',
      ]),
    );
  }
  d.push(
    ...checkPathField(state, 'SecondsPath', 'reference', at),
    ...checkPathField(state, 'TimestampPath', 'reference', at),
  );
  return d;
}

function checkMap(state: JsonObject, at: Location, nested: NestedMachine[]): Diagnostic[] {
  const d = [
    ...exclusive(state, 'ItemProcessor', 'Iterator', at),
    ...exclusive(state, 'ItemSelector', 'Parameters', at),
  ];
  d.push(...checkPathField(state, 'ItemsPath', 'reference', at));
  const field = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
  const processor = state[field];
  if (processor === undefined)
    d.push(schemaError(`The field 'ItemProcessor' is required but was missing`, at));
  else nested.push({ machine: processor, at: [...at, field], isMapProcessor: field === 'ItemProcessor' });
  return d;
}

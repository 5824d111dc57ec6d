import { isObject, type Json, type JsonObject } from '../json.js';
import { checkGraph } from './check-graph.js';
import { checkState } from './check-state.js';
import { error, schemaError, type Diagnostic, type Location } from './diagnostics.js';
import {
  MACHINE_SCHEMA,
  NOT_RUN_HERE,
  STATE_SCHEMAS,
  STATE_TYPES,
  TOP_SCHEMA,
  type StateTypeName,
} from './schemas.js';
import type { Definition } from './types.js';
import { issuesToDiagnostics } from './zod-issues.js';

export type Validation = { ok: true; definition: Definition } | { ok: false; diagnostics: Diagnostic[] };

/** "State names must be unique ... and be no longer than 80 characters." */
const MAX_STATE_NAME = 80;

/**
 * Checks a definition as CreateStateMachine and ValidateStateMachineDefinition do, reporting
 * every problem with its location. Anything gradual does not run is refused here, by name, so
 * an execution never meets it.
 */
export function validateDefinition(text: string): Validation {
  if (text.trim() === '') return fail([error('MISSING_DESCRIPTION', 'The definition is empty.', [])]);
  let raw: Json;
  try {
    raw = JSON.parse(text) as Json;
  } catch (e) {
    return fail([error('INVALID_JSON_DESCRIPTION', (e as Error).message, [])]);
  }
  if (!isObject(raw)) return fail([schemaError('The definition must be a JSON OBJECT', [])]);
  const d: Diagnostic[] = [];
  const top = { ...raw };
  if (top.QueryLanguage !== undefined && top.QueryLanguage !== 'JSONPath') {
    d.push(
      notRunHere(
        'QueryLanguage',
        [],
        `with value '${typeof top.QueryLanguage === 'string' ? top.QueryLanguage : JSON.stringify(top.QueryLanguage)}' `,
      ),
    );
  }
  delete top.QueryLanguage;
  const parsed = TOP_SCHEMA.safeParse(top, { reportInput: true });
  if (!parsed.success) d.push(...issuesToDiagnostics(parsed.error.issues, []));
  else d.push(...checkMachine(top, [], new Set(), false));
  return d.length > 0 ? fail(d) : { ok: true, definition: raw as unknown as Definition };
}

function fail(diagnostics: Diagnostic[]): Validation {
  return { ok: false, diagnostics };
}

function notRunHere(field: string, at: Location, detail = ''): Diagnostic {
  return schemaError(
    `The field '${field}' ${detail}is not supported by gradual (it needs ${NOT_RUN_HERE[field]})`,
    [...at, field],
  );
}

function checkMachine(
  machine: JsonObject,
  at: Location,
  names: Set<string>,
  isMapProcessor: boolean,
): Diagnostic[] {
  const d: Diagnostic[] = [];
  const states = machine.States as Record<string, Json>;
  if (Object.keys(states).length === 0)
    d.push(schemaError(`The field 'States' must have at least 1 element(s)`, at));
  if (isMapProcessor) d.push(...checkProcessorConfig(machine.ProcessorConfig, at));
  const valid: Record<string, JsonObject> = {};
  for (const [name, state] of Object.entries(states)) {
    const where = [...at, 'States', name];
    if (name.length > MAX_STATE_NAME || name.length === 0) {
      d.push(
        error('INVALID_STATE_NAME', `State name '${name}' must be 1 to ${MAX_STATE_NAME} characters`, where),
      );
    }
    if (names.has(name)) d.push(error('DUPLICATE_STATE_NAME', `Duplicate State name: ${name}`, where));
    names.add(name);
    const checked = checkOneState(state, where, names);
    d.push(...checked.diagnostics);
    if (checked.state) valid[name] = checked.state;
  }
  if (typeof machine.StartAt === 'string')
    d.push(...checkGraph(machine.StartAt, { ...valid, ...pending(states, valid) }, at));
  return d;
}

/** States that failed their own checks still count as transition targets (one error each). */
function pending(
  states: Record<string, Json>,
  valid: Record<string, JsonObject>,
): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  for (const [name, state] of Object.entries(states)) {
    if (!(name in valid)) out[name] = isObject(state) ? { ...state, End: true } : { End: true };
  }
  return out;
}

function checkOneState(
  raw: Json,
  at: Location,
  names: Set<string>,
): { diagnostics: Diagnostic[]; state?: JsonObject } {
  if (!isObject(raw)) return { diagnostics: [schemaError('A state must be a JSON OBJECT', at)] };
  const type = raw.Type;
  if (type === undefined)
    return { diagnostics: [schemaError(`The field 'Type' is required but was missing`, at)] };
  if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) {
    return {
      diagnostics: [
        schemaError(`The field 'Type' should have one of these values: [${STATE_TYPES.join(', ')}]`, [
          ...at,
          'Type',
        ]),
      ],
    };
  }
  const d: Diagnostic[] = [];
  const state = { ...raw };
  for (const field of Object.keys(state)) {
    if (field in NOT_RUN_HERE) {
      d.push(notRunHere(field, at));
      delete state[field];
    }
  }
  const parsed = STATE_SCHEMAS[type as StateTypeName].safeParse(state, { reportInput: true });
  if (!parsed.success) return { diagnostics: [...d, ...issuesToDiagnostics(parsed.error.issues, at)] };
  const checked = checkState(state, at);
  d.push(...checked.diagnostics);
  for (const inner of checked.nested) {
    if (!isObject(inner.machine)) {
      d.push(schemaError('A nested state machine must be a JSON OBJECT', inner.at));
      continue;
    }
    const shape = MACHINE_SCHEMA.safeParse(inner.machine, { reportInput: true });
    if (!shape.success) d.push(...issuesToDiagnostics(shape.error.issues, inner.at));
    else if (!inner.isMapProcessor && inner.machine.ProcessorConfig !== undefined) {
      d.push(schemaError(`Field 'ProcessorConfig' is not supported`, inner.at));
    } else d.push(...checkMachine(inner.machine, inner.at, names, inner.isMapProcessor));
  }
  return { diagnostics: d, state: d.length === 0 ? state : undefined };
}

function checkProcessorConfig(config: Json | undefined, at: Location): Diagnostic[] {
  if (config === undefined) return [];
  const where = [...at, 'ProcessorConfig'];
  if (!isObject(config))
    return [schemaError(`The value for the field 'ProcessorConfig' must be an OBJECT`, where)];
  const d: Diagnostic[] = [];
  for (const key of Object.keys(config)) {
    if (key === 'Mode') continue;
    if (key === 'ExecutionType')
      d.push(
        schemaError(
          `The field 'ExecutionType' is not supported by gradual (it needs distributed Map)`,
          where,
        ),
      );
    else d.push(schemaError(`Field '${key}' is not supported`, where));
  }
  if (config.Mode === 'DISTRIBUTED') {
    d.push(
      schemaError(`The field 'Mode' with value 'DISTRIBUTED' is not supported by gradual (only INLINE)`, [
        ...where,
        'Mode',
      ]),
    );
  } else if (config.Mode !== undefined && config.Mode !== 'INLINE') {
    d.push(
      schemaError(`The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED]`, [
        ...where,
        'Mode',
      ]),
    );
  }
  return d;
}

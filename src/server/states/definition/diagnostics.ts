/** One problem with a definition, as ValidateStateMachineDefinition reports it. */
export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  code: DiagnosticCode;
  message: string;
  /** Where in the definition, as AWS writes it: `/States/Foo/Catch[0]/Next`. */
  location: string;
}

export type DiagnosticCode =
  | 'INVALID_JSON_DESCRIPTION'
  | 'MISSING_DESCRIPTION'
  | 'SCHEMA_VALIDATION_FAILED'
  | 'INVALID_RESOURCE'
  | 'MISSING_END_STATE'
  | 'DUPLICATE_STATE_NAME'
  | 'INVALID_STATE_NAME'
  | 'MISSING_TRANSITION_TARGET';

export type Location = (string | number)[];

/** `['States', 'Foo', 'Catch', 0, 'Next']` -> `/States/Foo/Catch[0]/Next`. */
export function formatLocation(location: Location): string {
  let out = '';
  for (const part of location) out += typeof part === 'number' ? `[${part}]` : `/${part}`;
  return out === '' ? '/' : out;
}

export function error(code: DiagnosticCode, message: string, location: Location): Diagnostic {
  return { severity: 'ERROR', code, message, location: formatLocation(location) };
}

export function schemaError(message: string, location: Location): Diagnostic {
  return error('SCHEMA_VALIDATION_FAILED', message, location);
}

/** CreateStateMachine's InvalidDefinition message: every error, joined as AWS joins them. */
export function invalidDefinitionMessage(diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'ERROR');
  return `Invalid State Machine Definition: '${errors.map((d) => `${d.code}: ${d.message} at ${d.location}`).join(', ')}'`;
}

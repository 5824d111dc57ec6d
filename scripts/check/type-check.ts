import ts from 'typescript';

/** What `tsc -p <tsconfig> --noEmit` finds, and the program it built (undefined if none). */
export interface TypeCheck {
  readonly program: ts.Program | undefined;
  readonly diagnostics: readonly ts.Diagnostic[];
  /** Whether emit was skipped: tsc's exit status tells these apart (with noEmit it is not). */
  readonly emitSkipped: boolean;
}

/**
 * Builds the program as `tsc -p <tsconfig> --noEmit` does and collects its diagnostics in tsc's
 * order: the semantic check runs only when the configuration and the syntax are clean.
 */
export function typeCheck(tsconfig: string): TypeCheck {
  const fatal: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => fatal.push(diagnostic),
  };
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, { noEmit: true }, host);
  if (!config) return { program: undefined, diagnostics: fatal, emitSkipped: true };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    ...(config.projectReferences ? { projectReferences: config.projectReferences } : {}),
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
    // typescript-eslint walks parent pointers even in files the checker has not bound.
    host: ts.createCompilerHost(config.options, true),
  });
  const found = [...program.getConfigFileParsingDiagnostics()];
  const configErrors = found.length;
  found.push(...program.getSyntacticDiagnostics());
  if (found.length === configErrors) {
    found.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
    if (found.length === configErrors) found.push(...program.getSemanticDiagnostics());
  }
  const emitted = program.emit();
  found.push(...emitted.diagnostics);
  return { program, diagnostics: ts.sortAndDeduplicateDiagnostics(found), emitSkipped: emitted.emitSkipped };
}

/**
 * The diagnostics as tsc run in `cwd` prints them: with colour and source lines on a terminal,
 * else one a line.
 */
export function formatTypeCheck(diagnostics: readonly ts.Diagnostic[], cwd: string, pretty: boolean): string {
  if (diagnostics.length === 0) return '';
  const host: ts.FormatDiagnosticsHost = {
    getCurrentDirectory: () => cwd,
    getCanonicalFileName: (name) => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase()),
    getNewLine: () => ts.sys.newLine,
  };
  if (!pretty) return ts.formatDiagnostics(diagnostics, host);
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
  const summary =
    errors === 0 ? '' : `${ts.sys.newLine}Found ${errors} error${errors === 1 ? '' : 's'}.${ts.sys.newLine}`;
  return (
    diagnostics.map((d) => ts.formatDiagnosticsWithColorAndContext([d], host) + ts.sys.newLine).join('') +
    summary
  );
}

/** tsc's exit status: 1 when errors kept it from emitting, else 2 on errors (so with noEmit), else 0. */
export function typeCheckExitCode({ diagnostics, emitSkipped }: TypeCheck): number {
  if (!diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error)) return ts.ExitStatus.Success;
  return emitSkipped
    ? ts.ExitStatus.DiagnosticsPresent_OutputsSkipped
    : ts.ExitStatus.DiagnosticsPresent_OutputsGenerated;
}

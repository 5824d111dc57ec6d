/** A template problem, named by the property path where it is (`Resources.Fn.Properties.Layers`). */
export class TemplateError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'TemplateError';
  }
}

export const NOT_SUPPORTED = 'not supported by gradual';

export function unsupported(path: string): TemplateError {
  return new TemplateError(path, NOT_SUPPORTED);
}

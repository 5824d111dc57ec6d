import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { TemplateError } from '../../common/template/errors.js';

/** What `gradual deploy` is asked: the template, the stack, and whether to follow it. */
export interface DeployCommandOptions {
  template?: string;
  stackName?: string;
  parameterOverrides: string[];
  wait: boolean;
  accountId: string;
  /** Accepted as before; every deploy now goes through gradual's CloudFormation. */
  cloudformation?: boolean;
}

export function findTemplate(given: string | undefined): string {
  if (given) return resolve(given);
  for (const name of ['template.yaml', 'template.yml', 'template.json'])
    if (existsSync(name)) return resolve(name);
  throw new TemplateError('--template', 'no template.yaml here: pass --template <file>');
}

/** A stack name from the template's folder, as SAM would prompt for one. */
export function defaultStackName(templateFile: string): string {
  const base = basename(dirname(templateFile))
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/^[^A-Za-z]+/, '');
  return base || 'gradual-stack';
}

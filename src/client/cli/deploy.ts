import type { Command } from 'commander';
import { withConnectionOptions } from './connection-options.js';
import { loadedWhenRun } from './lazy-action.js';

export function registerDeploy(program: Command): void {
  withConnectionOptions(
    program
      .command('deploy')
      .description(
        "Deploy a SAM template through gradual's CloudFormation: checked as a change set before anything changes, CodeDeploy deployments followed to their end, a failure rolls the whole stack back",
      ),
  )
    .option('--template <file>', 'the SAM template (default: template.yaml here)')
    .option('--stack-name <name>', "the stack's name (default: the template's folder name)")
    .option('--parameter-overrides <Key=Value...>', 'template parameter values', [])
    .option('--no-wait', 'execute the change set and return without following the stack update')
    .option(
      '--account-id <id>',
      'names the S3 bucket local code is uploaded to (gradual-deploy-artifacts-<id>); a stack an earlier gradual deployed function by function also uses it in the ARNs its template builds',
      process.env['GRADUAL_ACCOUNT_ID'] ?? '000000000000',
    )
    .option('--cloudformation', 'accepted for older scripts: every deploy goes through CloudFormation now')
    .action(loadedWhenRun(async () => (await import('./deploy-action.js')).deployAction));
}

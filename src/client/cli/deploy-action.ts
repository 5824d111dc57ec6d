import { connect, type Connection, type ConnectionOptions } from '../sdk/connection.js';
import { explain } from './client-errors.js';
import { deployClientSide } from './deploy-client-side.js';
import { defaultStackName, findTemplate, type DeployCommandOptions } from './deploy-template.js';
import { runStackDeploy, summarizeStack } from './deploy-stack.js';
import { legacyFunctionsOf } from '../stack/legacy-stack.js';
import { TemplateError } from '../../common/template/errors.js';

async function deployThroughStack(
  connection: Connection,
  opts: DeployCommandOptions,
  say: (line: string) => void,
): Promise<void> {
  try {
    const templateFile = findTemplate(opts.template);
    const stackName = opts.stackName ?? defaultStackName(templateFile);
    const legacy = await legacyFunctionsOf(connection, templateFile, stackName);
    if (legacy.length > 0) {
      say(
        `Stack ${stackName} was deployed by an earlier gradual deploy, function by function (${legacy.join(', ')} carry its gradual:stack tag); ` +
          'it is not a CloudFormation stack, so it is deployed that way again: no change set checks the template first and a failure rolls back only its own function. ' +
          'To move it into CloudFormation, deploy the template under a new --stack-name.',
      );
      return await deployClientSide(connection, opts, say);
    }
    const run = await runStackDeploy(connection, { ...opts, templateFile, stackName }, say);
    const { lines, errors, code } = summarizeStack(run);
    lines.forEach(say);
    for (const e of errors) process.stderr.write(`gradual deploy: ${e}\n`);
    process.exitCode = code;
  } catch (e) {
    process.stderr.write(`gradual deploy: ${explain(e, connection)}\n`);
    process.exitCode = e instanceof TemplateError ? 2 : 1;
  }
}

/** What `gradual deploy` does (registered in deploy.ts). */
export async function deployAction(opts: ConnectionOptions & DeployCommandOptions): Promise<void> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const connection = connect(opts);
  return deployThroughStack(connection, opts, say);
}

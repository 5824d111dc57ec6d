import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { isRecord } from '../../common/is-record.js';
import { loadTemplate } from '../../common/template/yaml.js';
import { clientConfig, type Connection } from '../sdk/connection.js';
import { nameResources } from './stack-names.js';
import { orUndefined } from './sdk-errors.js';
import { STACK_TAG } from './tags.js';

/**
 * A stack an older `gradual deploy` made on the client side, function by function, is not a
 * CloudFormation stack: the stack engine would meet its functions as someone else's ("already
 * exists"). Such a stack is known by its functions' `gradual:stack` tag and by the absence of a
 * CloudFormation stack of that name; `gradual deploy` keeps deploying it the way it was made.
 */

/** The function names a template (already given its default names) sets literally. */
export function functionNames(template: Record<string, unknown>): string[] {
  const resources = template['Resources'];
  if (!isRecord(resources)) return [];
  return Object.values(resources).flatMap((r) => {
    if (!isRecord(r) || !isRecord(r['Properties'])) return [];
    if (r['Type'] !== 'AWS::Serverless::Function' && r['Type'] !== 'AWS::Lambda::Function') return [];
    const name = r['Properties']['FunctionName'];
    return typeof name === 'string' ? [name] : [];
  });
}

/** Whether a CloudFormation stack (more than one under review) has this name. */
async function isCloudFormationStack(cfn: CloudFormationClient, stackName: string): Promise<boolean> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const status = out.Stacks?.[0]?.StackStatus;
    return status !== undefined && status !== 'REVIEW_IN_PROGRESS';
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return false;
    throw error;
  }
}

/** The template's functions that the client-side deployer made for this stack; none for a CloudFormation stack. */
export async function legacyFunctions(
  clients: { cfn: CloudFormationClient; lambda: LambdaClient },
  stackName: string,
  names: readonly string[],
): Promise<string[]> {
  if (await isCloudFormationStack(clients.cfn, stackName)) return [];
  // A function the caller may not read is left to the stack engine's own checks.
  const found = await Promise.all(
    names.map((name) =>
      orUndefined(
        orUndefined(
          clients.lambda.send(new GetFunctionCommand({ FunctionName: name })),
          'ResourceNotFoundException',
        ),
        'AccessDeniedException',
      ),
    ),
  );
  return names.filter((_, i) => found[i]?.Tags?.[STACK_TAG] === stackName);
}

/** `legacyFunctions` for a template file, through its own clients. */
export async function legacyFunctionsOf(
  connection: Connection,
  templateFile: string,
  stackName: string,
): Promise<string[]> {
  const template = loadTemplate(readFileSync(templateFile, 'utf8'));
  nameResources(template, stackName);
  const config = clientConfig(connection);
  const cfn = new CloudFormationClient(config);
  const lambda = new LambdaClient(config);
  try {
    return await legacyFunctions({ cfn, lambda }, stackName, functionNames(template));
  } finally {
    cfn.destroy();
    lambda.destroy();
  }
}

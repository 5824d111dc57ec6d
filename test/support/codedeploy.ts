import {
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  GetDeploymentCommand,
  type CreateDeploymentGroupCommandInput,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import {
  CreateAliasCommand,
  GetAliasCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import type { TestServer } from './server.js';
import { nodeZip } from './functions.js';
import { createActiveFunction, waitUpdated } from './lambda.js';

export function codeDeployClient(t: TestServer): CodeDeployClient {
  return new CodeDeployClient({
    endpoint: t.server.url,
    region: 'us-east-1',
    credentials: { ...t.credentials },
    maxAttempts: 1,
  });
}

/** A function with versions 1..n (each returning its number) and alias `live` on version 1. */
export async function functionWithVersions(lambda: LambdaClient, name: string, versions = 2): Promise<void> {
  // Timeouts count the rehearsal's clock: at 600x, Lambda's 3 s default is 5 ms of real time.
  await createActiveFunction(lambda, name, { Timeout: 900 });
  for (let v = 1; v <= versions; v++) {
    if (v > 1) {
      await lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await nodeZip({ version: v }) }),
      );
      await waitUpdated(lambda, name);
    }
    await lambda.send(new PublishVersionCommand({ FunctionName: name }));
  }
  await lambda.send(new CreateAliasCommand({ FunctionName: name, Name: 'live', FunctionVersion: '1' }));
}

export function appSpec(
  fn: string,
  current: string,
  target: string,
  hooks: Record<string, string> = {},
): string {
  const lines = [
    'version: 0.0',
    'Resources:',
    `  - ${fn}:`,
    '      Type: AWS::Lambda::Function',
    '      Properties:',
    `        Name: "${fn}"`,
    '        Alias: "live"',
    `        CurrentVersion: "${current}"`,
    `        TargetVersion: "${target}"`,
  ];
  const entries = Object.entries(hooks);
  if (entries.length > 0) lines.push('Hooks:', ...entries.map(([k, v]) => `  - ${k}: "${v}"`));
  return lines.join('\n') + '\n';
}

export async function createGroup(
  cd: CodeDeployClient,
  app: string,
  group: string,
  extra: Partial<CreateDeploymentGroupCommandInput> = {},
): Promise<void> {
  await cd
    .send(new CreateApplicationCommand({ applicationName: app, computePlatform: 'Lambda' }))
    .catch((e: Error) => {
      if (e.name !== 'ApplicationAlreadyExistsException') throw e;
    });
  await cd.send(
    new CreateDeploymentGroupCommand({
      applicationName: app,
      deploymentGroupName: group,
      serviceRoleArn: 'arn:aws:iam::000000000000:role/codedeploy',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      ...extra,
    }),
  );
}

export async function deploy(
  cd: CodeDeployClient,
  app: string,
  group: string,
  content: string,
  config?: string,
): Promise<string> {
  const { deploymentId } = await cd.send(
    new CreateDeploymentCommand({
      applicationName: app,
      deploymentGroupName: group,
      deploymentConfigName: config,
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') },
      },
    }),
  );
  return deploymentId!;
}

export async function deploymentOf(cd: CodeDeployClient, id: string): Promise<DeploymentInfo> {
  return (await cd.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;
}

export async function aliasOf(
  lambda: LambdaClient,
  fn: string,
): Promise<{ version: string; weights: Record<string, number> | undefined }> {
  const alias = await lambda.send(new GetAliasCommand({ FunctionName: fn, Name: 'live' }));
  return { version: alias.FunctionVersion!, weights: alias.RoutingConfig?.AdditionalVersionWeights };
}

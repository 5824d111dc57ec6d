import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  waitUntilPublishedVersionActive,
} from '@aws-sdk/client-lambda';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, text } from './names.js';
import { applyProvisioned } from './lambda-invoke-settings.js';

type Props = Record<string, unknown>;

/** How often a CodeDeploy deployment is looked at when no deployment event wakes the stack first. */
export const DEPLOYMENT_POLL_MS = 30_000;

const routing = (p: Props) => {
  const weights = (
    p['RoutingConfig'] as
      { AdditionalVersionWeights?: { FunctionVersion: string; FunctionWeight: number }[] } | undefined
  )?.AdditionalVersionWeights;
  return {
    AdditionalVersionWeights: Object.fromEntries(
      (weights ?? []).map((w) => [text(w.FunctionVersion), Number(w.FunctionWeight)]),
    ),
  };
};

/** AWS::Lambda::Version: published from $LATEST; physical id (and Ref) the version ARN; `Version`. */
export function lambdaVersion({ lambda }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const p = request.properties;
      if (request.action === 'delete') {
        await lambda
          .send(new DeleteFunctionCommand({ FunctionName: request.previous!.physicalId }))
          .catch((e: unknown) => {
            if (errorName(e) !== 'ResourceNotFoundException') throw e;
          });
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      // PublishVersion answers the existing version when $LATEST has not changed: a retry is safe.
      const v = await lambda.send(
        new PublishVersionCommand({
          FunctionName: text(p['FunctionName']),
          ...(p['Description'] !== undefined ? { Description: text(p['Description']) } : {}),
          ...(p['CodeSha256'] !== undefined ? { CodeSha256: text(p['CodeSha256']) } : {}),
        }),
      );
      await waitUntilPublishedVersionActive(
        { client: lambda, maxWaitTime: 300, minDelay: 1, maxDelay: 2 },
        { FunctionName: v.FunctionArn! },
      );
      const functionArn = v.FunctionArn!.replace(/:\d+$/, '');
      return {
        kind: 'done',
        physicalId: v.FunctionArn!,
        attributes: { Version: v.Version!, FunctionArn: functionArn },
      };
    },
  };
}

interface AliasUpdate {
  ApplicationName: string;
  DeploymentGroupName: string;
  BeforeAllowTrafficHook?: string;
  AfterAllowTrafficHook?: string;
}

/** The AppSpec CloudFormation gives CodeDeploy for an alias update (AWS SAM "Deploying serverless applications gradually"). */
function appSpec(
  logicalId: string,
  fn: string,
  alias: string,
  from: string,
  to: string,
  policy: AliasUpdate,
): string {
  const hooks = [
    ...(policy.BeforeAllowTrafficHook ? [{ BeforeAllowTraffic: policy.BeforeAllowTrafficHook }] : []),
    ...(policy.AfterAllowTrafficHook ? [{ AfterAllowTraffic: policy.AfterAllowTrafficHook }] : []),
  ];
  return JSON.stringify({
    version: 0.0,
    Resources: [
      {
        [logicalId]: {
          Type: 'AWS::Lambda::Function',
          Properties: { Name: fn, Alias: alias, CurrentVersion: from, TargetVersion: to },
        },
      },
    ],
    ...(hooks.length ? { Hooks: hooks } : {}),
  });
}

/**
 * AWS::Lambda::Alias. With `UpdatePolicy: CodeDeployLambdaAliasUpdate`, a change of version is a
 * CodeDeploy deployment in the named group (hooks, alarms, traffic shifting), and the update
 * waits for it: it succeeds when the deployment does, and fails (rolling the stack back) when the
 * deployment fails or stops. Rolling back puts the alias where it was at once.
 */
export function lambdaAlias({ lambda, codedeploy }: ServiceClients): ResourceProvider {
  const aliasOutcome = (arn: string): Outcome => ({
    kind: 'done',
    physicalId: arn,
    attributes: { AliasArn: arn },
  });
  const set = async (p: Props, previous: Props | undefined): Promise<Outcome> => {
    const input = {
      FunctionName: text(p['FunctionName']),
      Name: text(p['Name']),
      FunctionVersion: text(p['FunctionVersion']),
      Description: p['Description'] === undefined ? '' : text(p['Description']),
      RoutingConfig: routing(p),
    };
    const arn = await lambda
      .send(new UpdateAliasCommand(input))
      .catch((error: unknown) => {
        if (errorName(error) !== 'ResourceNotFoundException') throw error;
        return lambda.send(new CreateAliasCommand(input));
      })
      .then((out) => out.AliasArn!);
    await applyProvisioned(lambda, p, previous);
    return aliasOutcome(arn);
  };
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const p = request.properties;
      const previous = request.previous;
      if (request.action === 'delete') {
        const { FunctionName, Name } = previous!.properties;
        await applyProvisioned(lambda, { FunctionName, Name }, previous!.properties);
        await lambda
          .send(
            new DeleteAliasCommand({
              FunctionName: text(previous!.properties['FunctionName']),
              Name: text(previous!.properties['Name']),
            }),
          )
          .catch((e: unknown) => {
            if (errorName(e) !== 'ResourceNotFoundException') throw e;
          });
        return { kind: 'done', physicalId: previous!.physicalId ?? '', attributes: {} };
      }
      const policy = request.updatePolicy?.['CodeDeployLambdaAliasUpdate'] as AliasUpdate | undefined;
      const from = previous?.properties['FunctionVersion'];
      const to = p['FunctionVersion'];
      if (request.action !== 'update' || request.rollback || !policy || from === to || from === undefined)
        return set(p, previous?.properties);
      const d = await codedeploy
        .send(
          new CreateDeploymentCommand({
            applicationName: policy.ApplicationName,
            deploymentGroupName: policy.DeploymentGroupName,
            revision: {
              revisionType: 'AppSpecContent',
              appSpecContent: {
                content: appSpec(
                  request.logicalId,
                  text(p['FunctionName']),
                  text(p['Name']),
                  text(from),
                  text(to),
                  policy,
                ),
              },
            },
            description: `CloudFormation ${request.stackName}: ${request.logicalId} ${text(from)} -> ${text(to)}`,
          }),
        )
        .catch((error: unknown) => {
          // A deployment this update started before a crash: follow it rather than start another.
          const active = /already has an active Deployment '(d-[A-Z0-9]+)'/.exec(
            error instanceof Error ? error.message : '',
          );
          if (errorName(error) === 'DeploymentLimitExceededException' && active)
            return { deploymentId: active[1] };
          throw error;
        });
      return { kind: 'wait', token: d.deploymentId!, afterMs: 0 };
    },
    async poll(request: ApplyRequest, token: string): Promise<Outcome> {
      const info = (await codedeploy.send(new GetDeploymentCommand({ deploymentId: token }))).deploymentInfo;
      switch (info?.status) {
        case 'Succeeded':
          return set(request.properties, request.previous?.properties);
        case 'Failed':
        case 'Stopped':
          return {
            kind: 'failed',
            reason: `CodeDeploy deployment ${token} ${info.status === 'Failed' ? 'failed' : 'was stopped'}: ${info.errorInformation?.message ?? info.errorInformation?.code ?? 'no reason given'}`,
          };
        default:
          return { kind: 'wait', token, afterMs: DEPLOYMENT_POLL_MS };
      }
    },
    async cancel(_request: ApplyRequest, token: string): Promise<void> {
      await codedeploy
        .send(new StopDeploymentCommand({ deploymentId: token, autoRollbackEnabled: true }))
        .catch((e: unknown) => {
          if (errorName(e) !== 'DeploymentAlreadyCompletedException') throw e;
        });
    },
  };
}

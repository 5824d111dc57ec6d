import {
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  DeleteApplicationCommand,
  DeleteDeploymentGroupCommand,
  UpdateDeploymentGroupCommand,
  type ComputePlatform,
  type DeploymentOption,
  type DeploymentType,
  type AutoRollbackEvent,
} from '@aws-sdk/client-codedeploy';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

type Props = Record<string, unknown>;
const done = (name: string): Outcome => ({ kind: 'done', physicalId: name, attributes: {} });
const ignoreMissing = (e: unknown): void => {
  if (!/DoesNotExistException$/.test(errorName(e))) throw e;
};

/** AWS::CodeDeploy::Application: physical id (and Ref) the application name. */
export function codeDeployApplication({ codedeploy }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const p = request.properties;
      if (request.action === 'delete') {
        await codedeploy
          .send(new DeleteApplicationCommand({ applicationName: request.previous!.physicalId }))
          .catch(ignoreMissing);
        return done(request.previous!.physicalId ?? '');
      }
      if (request.action === 'update') return done(request.previous!.physicalId!);
      const name =
        p['ApplicationName'] === undefined
          ? generatedName(request.stackName, request.logicalId, request.nameSeed, 100)
          : text(p['ApplicationName']);
      await codedeploy
        .send(
          new CreateApplicationCommand({
            applicationName: name,
            computePlatform: text(p['ComputePlatform'] ?? 'Server') as ComputePlatform,
          }),
        )
        .catch((e: unknown) => {
          if (errorName(e) !== 'ApplicationAlreadyExistsException' || p['ApplicationName'] !== undefined)
            throw e;
        });
      return done(name);
    },
  };
}

function groupSettings(p: Props) {
  const style = p['DeploymentStyle'] as { DeploymentType?: string; DeploymentOption?: string } | undefined;
  const rollback = p['AutoRollbackConfiguration'] as { Enabled?: unknown; Events?: string[] } | undefined;
  const alarms = p['AlarmConfiguration'] as
    { Enabled?: unknown; IgnorePollAlarmFailure?: unknown; Alarms?: { Name: string }[] } | undefined;
  const bool = (v: unknown): boolean => v === true || v === 'true';
  return {
    serviceRoleArn: text(p['ServiceRoleArn']),
    ...(p['DeploymentConfigName'] !== undefined
      ? { deploymentConfigName: text(p['DeploymentConfigName']) }
      : {}),
    ...(style
      ? {
          deploymentStyle: {
            deploymentType: style.DeploymentType as DeploymentType,
            deploymentOption: style.DeploymentOption as DeploymentOption,
          },
        }
      : {}),
    autoRollbackConfiguration: rollback
      ? { enabled: bool(rollback.Enabled), events: (rollback.Events ?? []) as AutoRollbackEvent[] }
      : { enabled: false, events: [] },
    alarmConfiguration: alarms
      ? {
          enabled: bool(alarms.Enabled),
          ignorePollAlarmFailure: bool(alarms.IgnorePollAlarmFailure),
          alarms: (alarms.Alarms ?? []).map((a) => ({ name: a.Name })),
        }
      : { enabled: false, alarms: [] },
  };
}

/** AWS::CodeDeploy::DeploymentGroup: physical id (and Ref) the group name. */
export function codeDeployGroup({ codedeploy }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const p = request.properties;
      if (request.action === 'delete') {
        const app = text(request.previous!.properties['ApplicationName']);
        await codedeploy
          .send(
            new DeleteDeploymentGroupCommand({
              applicationName: app,
              deploymentGroupName: request.previous!.physicalId,
            }),
          )
          .catch(ignoreMissing);
        return done(request.previous!.physicalId ?? '');
      }
      const applicationName = text(p['ApplicationName']);
      if (request.action === 'update') {
        const name = request.previous!.physicalId!;
        await codedeploy.send(
          new UpdateDeploymentGroupCommand({
            applicationName,
            currentDeploymentGroupName: name,
            ...groupSettings(p),
          }),
        );
        return done(name);
      }
      const name =
        p['DeploymentGroupName'] === undefined
          ? generatedName(request.stackName, request.logicalId, request.nameSeed, 100)
          : text(p['DeploymentGroupName']);
      try {
        await codedeploy.send(
          new CreateDeploymentGroupCommand({
            applicationName,
            deploymentGroupName: name,
            ...groupSettings(p),
          }),
        );
      } catch (error) {
        if (
          errorName(error) !== 'DeploymentGroupAlreadyExistsException' ||
          p['DeploymentGroupName'] !== undefined
        )
          throw error;
        await codedeploy.send(
          new UpdateDeploymentGroupCommand({
            applicationName,
            currentDeploymentGroupName: name,
            ...groupSettings(p),
          }),
        );
      }
      return done(name);
    },
  };
}

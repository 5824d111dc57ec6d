import {
  BatchGetDeploymentsCommand,
  BatchGetDeploymentTargetsCommand,
  ContinueDeploymentCommand,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentConfigCommand,
  DeleteApplicationCommand,
  DeleteDeploymentConfigCommand,
  DeleteDeploymentGroupCommand,
  GetApplicationCommand,
  GetApplicationRevisionCommand,
  GetDeploymentConfigCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListApplicationsCommand,
  ListDeploymentConfigsCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  UpdateDeploymentGroupCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, VirtualClock } from '../../src/common/clock.js';
import {
  aliasOf,
  appSpec,
  codeDeployClient,
  createGroup,
  deploy,
  deploymentOf,
  functionWithVersions,
} from '../support/codedeploy.js';
import { awsError } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';

let t: TestServer;
let cd: CodeDeployClient;
const clock = new VirtualClock(Date.UTC(2026, 10, 23, 12));
const settle = (): Promise<void> => t.server.engine.idle();

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  cd = codeDeployClient(t);
});
afterAll(async () => {
  cd.destroy();
  await t.dispose();
});

describe('applications, groups and configs', () => {
  it('create, get, list, update and delete with CodeDeploy shapes', async () => {
    const { applicationId } = await cd.send(
      new CreateApplicationCommand({ applicationName: 'shapes', computePlatform: 'Lambda' }),
    );
    expect(applicationId).toMatch(/^[0-9a-f-]{36}$/);
    const app = await cd.send(new GetApplicationCommand({ applicationName: 'shapes' }));
    expect(app.application).toMatchObject({
      applicationId,
      applicationName: 'shapes',
      computePlatform: 'Lambda',
      linkedToGitHub: false,
    });
    expect(app.application?.createTime).toBeInstanceOf(Date);
    expect((await cd.send(new ListApplicationsCommand({}))).applications).toContain('shapes');
    const dup = await awsError(
      cd.send(new CreateApplicationCommand({ applicationName: 'shapes', computePlatform: 'Lambda' })),
    );
    expect(dup.name).toBe('ApplicationAlreadyExistsException');

    await createGroup(cd, 'shapes', 'g1', {
      alarmConfiguration: { enabled: true, alarms: [{ name: 'errors' }] },
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      },
    });
    const group = await cd.send(
      new GetDeploymentGroupCommand({ applicationName: 'shapes', deploymentGroupName: 'g1' }),
    );
    expect(group.deploymentGroupInfo).toMatchObject({
      deploymentGroupName: 'g1',
      deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
      computePlatform: 'Lambda',
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      alarmConfiguration: { enabled: true, ignorePollAlarmFailure: false, alarms: [{ name: 'errors' }] },
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      },
    });
    await cd.send(
      new UpdateDeploymentGroupCommand({
        applicationName: 'shapes',
        currentDeploymentGroupName: 'g1',
        newDeploymentGroupName: 'g2',
        deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      }),
    );
    expect(
      (await cd.send(new ListDeploymentGroupsCommand({ applicationName: 'shapes' }))).deploymentGroups,
    ).toEqual(['g2']);
    const renamed = await cd.send(
      new GetDeploymentGroupCommand({ applicationName: 'shapes', deploymentGroupName: 'g2' }),
    );
    expect(renamed.deploymentGroupInfo?.deploymentConfigName).toBe(
      'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    );
    const missing = await awsError(
      cd.send(new GetDeploymentGroupCommand({ applicationName: 'shapes', deploymentGroupName: 'g1' })),
    );
    expect(missing).toMatchObject({
      name: 'DeploymentGroupDoesNotExistException',
      status: 400,
      message: 'No Deployment Group found for name: g1',
    });
    const noApp = await awsError(cd.send(new GetApplicationCommand({ applicationName: 'nope' })));
    expect(noApp).toMatchObject({
      name: 'ApplicationDoesNotExistException',
      message: 'No application found for name: nope',
    });
    const badRollback = await awsError(
      createGroup(cd, 'shapes', 'g3', { autoRollbackConfiguration: { enabled: true, events: [] } }),
    );
    expect(badRollback.name).toBe('InvalidAutoRollbackConfigException');
    const tooManyAlarms = await awsError(
      createGroup(cd, 'shapes', 'g3', {
        alarmConfiguration: {
          enabled: true,
          alarms: Array.from({ length: 11 }, (_, i) => ({ name: `a${i}` })),
        },
      }),
    );
    expect(tooManyAlarms.name).toBe('AlarmsLimitExceededException');
    await cd.send(new DeleteDeploymentGroupCommand({ applicationName: 'shapes', deploymentGroupName: 'g2' }));
    await cd.send(new DeleteApplicationCommand({ applicationName: 'shapes' }));
    expect((await awsError(cd.send(new GetApplicationCommand({ applicationName: 'shapes' })))).name).toBe(
      'ApplicationDoesNotExistException',
    );
  });

  it('predefined and custom deployment configs', async () => {
    const predefined = await cd.send(
      new GetDeploymentConfigCommand({
        deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      }),
    );
    expect(predefined.deploymentConfigInfo).toMatchObject({
      computePlatform: 'Lambda',
      trafficRoutingConfig: {
        type: 'TimeBasedCanary',
        timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 },
      },
    });
    await cd.send(
      new CreateDeploymentConfigCommand({
        deploymentConfigName: 'Linear25Every2',
        computePlatform: 'Lambda',
        trafficRoutingConfig: {
          type: 'TimeBasedLinear',
          timeBasedLinear: { linearPercentage: 25, linearInterval: 2 },
        },
      }),
    );
    const list = (await cd.send(new ListDeploymentConfigsCommand({}))).deploymentConfigsList!;
    expect(list).toHaveLength(18);
    expect(list).toContain('Linear25Every2');
    const reserved = await awsError(
      cd.send(
        new CreateDeploymentConfigCommand({
          deploymentConfigName: 'CodeDeployDefault.Mine',
          computePlatform: 'Lambda',
          trafficRoutingConfig: { type: 'AllAtOnce' },
        }),
      ),
    );
    expect(reserved.name).toBe('InvalidDeploymentConfigNameException');
    const tooLong = await awsError(
      cd.send(
        new CreateDeploymentConfigCommand({
          deploymentConfigName: 'TooLong',
          computePlatform: 'Lambda',
          trafficRoutingConfig: {
            type: 'TimeBasedCanary',
            timeBasedCanary: { canaryPercentage: 10, canaryInterval: 3000 },
          },
        }),
      ),
    );
    expect(tooLong.name).toBe('InvalidTrafficRoutingConfigurationException');
    const predefinedDelete = await awsError(
      cd.send(
        new DeleteDeploymentConfigCommand({ deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce' }),
      ),
    );
    expect(predefinedDelete.name).toBe('InvalidOperationException');
    await createGroup(cd, 'configs', 'uses-custom', { deploymentConfigName: 'Linear25Every2' });
    const inUse = await awsError(
      cd.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'Linear25Every2' })),
    );
    expect(inUse.name).toBe('DeploymentConfigInUseException');
  });
});

describe('deployments', () => {
  it('a custom linear config shifts 25% every 2 minutes; targets and revisions read back', async () => {
    await functionWithVersions(t.lambda, 'linear');
    await createGroup(cd, 'linear-app', 'g', { deploymentConfigName: 'Linear25Every2' });
    const content = appSpec('linear', '1', '2');
    const id = await deploy(cd, 'linear-app', 'g', content);
    await settle();
    const seen: unknown[] = [await aliasOf(t.lambda, 'linear')];
    for (let i = 0; i < 3; i++) {
      await clock.advance(2 * MINUTE);
      await settle();
      seen.push(await aliasOf(t.lambda, 'linear'));
    }
    expect(seen).toEqual([
      { version: '1', weights: { '2': 0.25 } },
      { version: '1', weights: { '2': 0.5 } },
      { version: '1', weights: { '2': 0.75 } },
      { version: '2', weights: undefined },
    ]);
    const targets = await cd.send(new ListDeploymentTargetsCommand({ deploymentId: id }));
    expect(targets.targetIds).toEqual(['linear:live']);
    const target = await cd.send(
      new GetDeploymentTargetCommand({ deploymentId: id, targetId: 'linear:live' }),
    );
    expect(target.deploymentTarget).toMatchObject({
      deploymentTargetType: 'LambdaTarget',
      lambdaTarget: {
        targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:linear:live',
        status: 'Succeeded',
        lambdaFunctionInfo: {
          functionName: 'linear',
          functionAlias: 'live',
          currentVersion: '1',
          targetVersion: '2',
          targetVersionWeight: 100,
        },
      },
    });
    expect(
      target.deploymentTarget?.lambdaTarget?.lifecycleEvents?.map((e) => [e.lifecycleEventName, e.status]),
    ).toEqual([
      ['BeforeAllowTraffic', 'Succeeded'],
      ['AllowTraffic', 'Succeeded'],
      ['AfterAllowTraffic', 'Succeeded'],
    ]);
    const batch = await awsError(
      cd.send(new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: ['a', 'b'] })),
    );
    expect(batch.name).toBe('DeploymentTargetListSizeExceededException');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const revision = await cd.send(
      new GetApplicationRevisionCommand({
        applicationName: 'linear-app',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { sha256 } },
      }),
    );
    expect(revision.revision?.appSpecContent?.content).toBe(content);
    expect(revision.revisionInfo?.deploymentGroups).toEqual(['g']);
    const info = await deploymentOf(cd, id);
    expect(info.revision).toEqual({ revisionType: 'AppSpecContent', appSpecContent: { sha256 } });
  });

  it('refuses a second deployment while one is active, in the exact words tools parse', async () => {
    await functionWithVersions(t.lambda, 'busy', 3);
    await createGroup(cd, 'busy-app', 'g', {
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent30Minutes',
    });
    const first = await deploy(cd, 'busy-app', 'g', appSpec('busy', '1', '2'));
    const second = await awsError(deploy(cd, 'busy-app', 'g', appSpec('busy', '1', '3')));
    expect(second).toMatchObject({
      name: 'DeploymentLimitExceededException',
      status: 400,
      message: `The Deployment Group 'g' already has an active Deployment '${first}'`,
    });
    await settle();
    const list = await cd.send(
      new ListDeploymentsCommand({
        applicationName: 'busy-app',
        deploymentGroupName: 'g',
        includeOnlyStatuses: ['InProgress'],
      }),
    );
    expect(list.deployments).toEqual([first]);
    const group = await cd.send(
      new GetDeploymentGroupCommand({ applicationName: 'busy-app', deploymentGroupName: 'g' }),
    );
    expect(group.deploymentGroupInfo?.lastAttemptedDeployment).toMatchObject({
      deploymentId: first,
      status: 'InProgress',
    });

    const continued = await cd.send(new ContinueDeploymentCommand({ deploymentId: first }));
    expect(continued.$metadata.httpStatusCode).toBe(200);
    await settle();
    expect(await aliasOf(t.lambda, 'busy')).toEqual({ version: '2', weights: undefined });
    expect((await deploymentOf(cd, first)).status).toBe('Succeeded');
    const third = await deploy(cd, 'busy-app', 'g', appSpec('busy', '2', '3'));
    await settle();
    const batch = await cd.send(
      new BatchGetDeploymentsCommand({ deploymentIds: [first, third, 'd-NOTHERE0'] }),
    );
    expect(batch.deploymentsInfo?.map((d) => d.deploymentId)).toEqual([first, third]);
    expect(batch.deploymentsInfo?.[1]?.previousRevision?.appSpecContent?.sha256).toBe(
      batch.deploymentsInfo?.[0]?.revision?.appSpecContent?.sha256,
    );
  });

  it('stop without rollback keeps the weights; stop with rollback restores the alias', async () => {
    await functionWithVersions(t.lambda, 'stop');
    await createGroup(cd, 'stop-app', 'g', {
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent10Minutes',
    });
    const kept = await deploy(cd, 'stop-app', 'g', appSpec('stop', '1', '2'));
    await settle();
    const stopped = await cd.send(
      new StopDeploymentCommand({ deploymentId: kept, autoRollbackEnabled: false }),
    );
    expect(stopped).toMatchObject({ status: 'Succeeded' });
    expect(await deploymentOf(cd, kept)).toMatchObject({
      status: 'Stopped',
      errorInformation: { code: 'MANUAL_STOP' },
    });
    expect(await aliasOf(t.lambda, 'stop')).toEqual({ version: '1', weights: { '2': 0.1 } });
    const again = await awsError(cd.send(new StopDeploymentCommand({ deploymentId: kept })));
    expect(again.name).toBe('DeploymentAlreadyCompletedException');

    // The weighted alias blocks the next deployment until it is cleared, as on AWS.
    const blocked = await deploy(cd, 'stop-app', 'g', appSpec('stop', '1', '2'));
    await settle();
    expect(await deploymentOf(cd, blocked)).toMatchObject({
      status: 'Failed',
      errorInformation: { code: 'INVALID_LAMBDA_CONFIGURATION' },
    });
    await t.lambda.send(
      new UpdateAliasCommand({ FunctionName: 'stop', Name: 'live', FunctionVersion: '1', RoutingConfig: {} }),
    );

    const rolled = await deploy(cd, 'stop-app', 'g', appSpec('stop', '1', '2'));
    await settle();
    await cd.send(new StopDeploymentCommand({ deploymentId: rolled, autoRollbackEnabled: true }));
    await settle();
    const original = await deploymentOf(cd, rolled);
    const rollbackId = original.rollbackInfo?.rollbackDeploymentId;
    expect(original.rollbackInfo?.rollbackMessage).toBe(
      `Deployment ${rolled} terminated. Automatic rollback is triggered with a DeploymentId ${rollbackId}.`,
    );
    expect(await deploymentOf(cd, rollbackId!)).toMatchObject({
      status: 'Succeeded',
      creator: 'codeDeployRollback',
      rollbackInfo: { rollbackTriggeringDeploymentId: rolled },
    });
    expect(await aliasOf(t.lambda, 'stop')).toEqual({ version: '1', weights: undefined });
  });

  it('fails at start when the AppSpec does not match the alias, or is not valid', async () => {
    await functionWithVersions(t.lambda, 'checks');
    await createGroup(cd, 'checks-app', 'g');
    const mismatch = await deploy(cd, 'checks-app', 'g', appSpec('checks', '2', '1'));
    await settle();
    expect((await deploymentOf(cd, mismatch)).errorInformation).toEqual({
      code: 'INVALID_LAMBDA_CONFIGURATION',
      message:
        'The deployment failed because the AppSpec file that specifies the AWS Lambda deployment configuration is missing or has an invalid configuration. The Lambda function alias version does not match the current version in AppSpec file.',
    });
    const invalid = await deploy(cd, 'checks-app', 'g', 'version: 0.0\nResources: [');
    await settle();
    expect((await deploymentOf(cd, invalid)).errorInformation?.code).toBe('INVALID_REVISION');
    const badSha = await awsError(
      cd.send(
        new CreateDeploymentCommand({
          applicationName: 'checks-app',
          deploymentGroupName: 'g',
          revision: { revisionType: 'AppSpecContent', appSpecContent: { content: 'x', sha256: 'beef' } },
        }),
      ),
    );
    expect(badSha.name).toBe('InvalidRevisionException');
    const s3 = await awsError(
      cd.send(
        new CreateDeploymentCommand({
          applicationName: 'checks-app',
          deploymentGroupName: 'g',
          revision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k', bundleType: 'YAML' } },
        }),
      ),
    );
    expect(s3.message).toMatch(/gradual keeps no S3 revisions/);
  });
});

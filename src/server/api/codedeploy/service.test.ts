import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE, VirtualClock } from '../../../common/clock.js';
import { silentLog } from '../../../common/log.js';
import { seededRandom } from '../../../common/random.js';
import { DeployEngine } from '../../deployments/engine.js';
import { appSpec } from '../../deployments/test-support/sim.js';
import { FakeWorld } from '../../deployments/test-support/fake-ports.js';
import type { Store } from '../../store/store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { RpcEndpoint } from '../endpoint.js';
import { jsonCall } from '../test-support/rpc-client.js';
import { codeDeployEndpoint } from './service.js';

const ROLE = 'arn:aws:iam::000000000000:role/codedeploy';

let store: Store;
let clock: VirtualClock;
let world: FakeWorld;
let engine: DeployEngine;
let endpoint: RpcEndpoint;

const call = (operation: string, input: unknown) =>
  jsonCall(endpoint, `CodeDeploy_20141006.${operation}`, input);

/** The error a call answered with: its `__type` and message, as an SDK reads them. */
async function refused(operation: string, input: unknown): Promise<[string, string]> {
  const { status, body } = await call(operation, input);
  expect(status).toBe(400);
  const error = body as { __type: string; message: string };
  return [error.__type, error.message];
}

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  clock = new VirtualClock();
  world = new FakeWorld();
  world.addFunction('fn');
  const random = seededRandom(7);
  engine = new DeployEngine({ store: store.deploy, clock, random, log: silentLog, ports: world.ports });
  await engine.start();
  endpoint = codeDeployEndpoint({
    store: store.deploy,
    engine,
    clock,
    random,
    account: { region: 'us-east-1', accountId: '000000000000' },
  });
  await call('CreateApplication', { applicationName: 'app', computePlatform: 'Lambda' });
  await call('CreateDeploymentGroup', {
    applicationName: 'app',
    deploymentGroupName: 'group',
    serviceRoleArn: ROLE,
  });
});

afterEach(async () => {
  await engine.close();
  await store.close();
});

const revision = (content = appSpec()) => ({
  revisionType: 'AppSpecContent',
  appSpecContent: { content },
});

describe('CodeDeploy refuses bad input with its named exceptions', () => {
  const cases: [string, unknown, string][] = [
    ['CreateApplication', {}, 'ApplicationNameRequiredException'],
    ['CreateApplication', { applicationName: 'a b' }, 'InvalidApplicationNameException'],
    [
      'CreateApplication',
      { applicationName: 'x', computePlatform: 'Mainframe' },
      'InvalidComputePlatformException',
    ],
    ['CreateApplication', { applicationName: 5 }, 'InvalidApplicationNameException'],
    ['GetDeploymentGroup', { applicationName: 'app' }, 'DeploymentGroupNameRequiredException'],
    ['CreateDeploymentGroup', { applicationName: 'app', deploymentGroupName: 'g2' }, 'RoleRequiredException'],
    [
      'CreateDeploymentGroup',
      { applicationName: 'app', deploymentGroupName: 'g2', serviceRoleArn: 'role' },
      'InvalidRoleException',
    ],
    [
      'CreateDeploymentGroup',
      { applicationName: 'app', deploymentGroupName: 'g2', serviceRoleArn: ROLE, ecsServices: [{ a: 1 }] },
      'InvalidInputException',
    ],
    [
      'CreateDeploymentGroup',
      {
        applicationName: 'app',
        deploymentGroupName: 'g2',
        serviceRoleArn: ROLE,
        deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      },
      'InvalidDeploymentStyleException',
    ],
    [
      'CreateDeploymentGroup',
      {
        applicationName: 'app',
        deploymentGroupName: 'g2',
        serviceRoleArn: ROLE,
        alarmConfiguration: { enabled: true, alarms: [{ name: 'a' }, { name: 'a' }] },
      },
      'InvalidAlarmConfigException',
    ],
    [
      'CreateDeploymentGroup',
      {
        applicationName: 'app',
        deploymentGroupName: 'g2',
        serviceRoleArn: ROLE,
        autoRollbackConfiguration: { enabled: true, events: [] },
      },
      'InvalidAutoRollbackConfigException',
    ],
    [
      'CreateDeployment',
      { applicationName: 'app', deploymentGroupName: 'group' },
      'RevisionRequiredException',
    ],
    [
      'CreateDeployment',
      { applicationName: 'app', deploymentGroupName: 'group', revision: { revisionType: 'S3' } },
      'InvalidRevisionException',
    ],
    [
      'CreateDeployment',
      {
        applicationName: 'app',
        deploymentGroupName: 'group',
        revision: revision(),
        description: 'x'.repeat(257),
      },
      'DescriptionTooLongException',
    ],
    [
      'CreateDeployment',
      {
        applicationName: 'app',
        deploymentGroupName: 'group',
        revision: revision(),
        ignoreApplicationStopFailures: true,
      },
      'InvalidIgnoreApplicationStopFailuresValueException',
    ],
    [
      'CreateDeployment',
      {
        applicationName: 'app',
        deploymentGroupName: 'group',
        revision: revision(),
        gradualOptions: { steps: [{ weight: 50 }, { weight: 20 }] },
      },
      'InvalidInputException',
    ],
    ['GetDeployment', { deploymentId: 'nope' }, 'InvalidDeploymentIdException'],
    ['GetDeployment', {}, 'DeploymentIdRequiredException'],
    ['GetDeployment', { deploymentId: 'd-AAAAAAAAA' }, 'DeploymentDoesNotExistException'],
    ['ListDeployments', { applicationName: 'app' }, 'DeploymentGroupNameRequiredException'],
    ['ListDeployments', { includeOnlyStatuses: ['Sleeping'] }, 'InvalidDeploymentStatusException'],
    ['ListDeployments', { createTimeRange: { start: 20, end: 10 } }, 'InvalidTimeRangeException'],
    ['ListApplications', { nextToken: 'bogus' }, 'InvalidNextTokenException'],
    [
      'BatchGetApplications',
      { applicationNames: Array.from({ length: 101 }, (_, i) => `a${i}`) },
      'BatchLimitExceededException',
    ],
    [
      'CreateDeploymentConfig',
      {
        deploymentConfigName: 'c',
        computePlatform: 'Lambda',
        trafficRoutingConfig: {
          type: 'TimeBasedCanary',
          timeBasedCanary: { canaryPercentage: 0, canaryInterval: 5 },
        },
      },
      'InvalidTrafficRoutingConfigurationException',
    ],
    [
      'CreateDeploymentConfig',
      {
        deploymentConfigName: 'CodeDeployDefault.Mine',
        computePlatform: 'Lambda',
        trafficRoutingConfig: { type: 'AllAtOnce' },
      },
      'InvalidDeploymentConfigNameException',
    ],
    [
      'ContinueDeployment',
      { deploymentId: 'd-AAAAAAAAA', deploymentWaitType: 'SOON' },
      'InvalidDeploymentWaitTypeException',
    ],
    [
      'PutLifecycleEventHookExecutionStatus',
      { deploymentId: 'd-AAAAAAAAA', lifecycleEventHookExecutionId: 'x', status: 'Maybe' },
      'InvalidLifecycleEventHookExecutionStatusException',
    ],
  ];
  it.each(cases.map(([operation, input, code]) => ({ operation, input, code })))(
    '$operation: $code',
    async ({ operation, input, code }) => {
      expect((await refused(operation, input))[0]).toBe(code);
    },
  );

  it('answers a member of the wrong JSON type with a SerializationException, and unknown operations by name', async () => {
    expect(await refused('ListApplications', { nextToken: 5 })).toEqual([
      'SerializationException',
      "VALUE can not be converted to string at 'nextToken'",
    ]);
    const unknown = await call('DeployEverything', {});
    // CodeDeploy models every error as a client error, this one too.
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('CodeDeploy in-process, on virtual time', () => {
  it('runs a canary to success: the alias carries 10% for five minutes, then all traffic', async () => {
    const created = await call('CreateDeployment', {
      applicationName: 'app',
      deploymentGroupName: 'group',
      deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      revision: revision(),
    });
    const { deploymentId } = created.body as { deploymentId: string };
    await engine.idle();
    expect(world.aliases.get('fn:live')).toEqual({
      functionVersion: '1',
      routing: { version: '2', weight: 0.1 },
    });
    await clock.advance(5 * MINUTE - 1);
    expect(world.aliases.get('fn:live')?.routing?.weight).toBe(0.1);
    await clock.advance(1);
    await engine.idle();
    expect(world.aliases.get('fn:live')).toEqual({ functionVersion: '2', routing: undefined });
    const info = (await call('GetDeployment', { deploymentId })).body as {
      deploymentInfo: { status: string; createTime: number; completeTime: number };
    };
    expect(info.deploymentInfo.status).toBe('Succeeded');
    expect(info.deploymentInfo.completeTime - info.deploymentInfo.createTime).toBe(300);
  });

  it('refuses a second deployment while one is active, in the words tools parse', async () => {
    const first = await call('CreateDeployment', {
      applicationName: 'app',
      deploymentGroupName: 'group',
      deploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
      revision: revision(),
    });
    const { deploymentId } = first.body as { deploymentId: string };
    expect(
      await refused('CreateDeployment', {
        applicationName: 'app',
        deploymentGroupName: 'group',
        revision: revision(),
      }),
    ).toEqual([
      'DeploymentLimitExceededException',
      `The Deployment Group 'group' already has an active Deployment '${deploymentId}'`,
    ]);
  });
});

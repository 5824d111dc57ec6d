import { describe, expect, it } from 'vitest';
import { appSpec, deployment, report, simulate, START, World } from './test-support/sim.js';
import { PREDEFINED_LAMBDA_CONFIGS } from './traffic.js';

const MIN = 60_000;
const hooks = (before = 'pre', after = 'post'): string =>
  `Hooks:\n  - BeforeAllowTraffic: ${before}\n  - AfterAllowTraffic: ${after}\n`;

describe('every predefined config shifts on its schedule', () => {
  const expected: Record<string, [number, number][]> = {
    'CodeDeployDefault.LambdaAllAtOnce': [[0, 100]],
    'CodeDeployDefault.LambdaCanary10Percent5Minutes': [
      [0, 10],
      [5, 100],
    ],
    'CodeDeployDefault.LambdaCanary10Percent10Minutes': [
      [0, 10],
      [10, 100],
    ],
    'CodeDeployDefault.LambdaCanary10Percent15Minutes': [
      [0, 10],
      [15, 100],
    ],
    'CodeDeployDefault.LambdaCanary10Percent30Minutes': [
      [0, 10],
      [30, 100],
    ],
    'CodeDeployDefault.LambdaLinear10PercentEvery1Minute': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [
      k,
      (k + 1) * 10,
    ]),
    'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [
      2 * k,
      (k + 1) * 10,
    ]),
    'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [
      3 * k,
      (k + 1) * 10,
    ]),
    'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [
      10 * k,
      (k + 1) * 10,
    ]),
  };
  it.each(Object.keys(PREDEFINED_LAMBDA_CONFIGS))('%s', (config) => {
    const world = new World();
    const { deployments } = simulate(deployment(config), world);
    const [d] = deployments;
    expect(d!.status).toBe('Succeeded');
    expect(world.shifts.map(([t, w]) => [(t - START) / MIN, Math.round(w)])).toEqual(expected[config]);
    expect(world.alias).toEqual({ functionVersion: '2', routing: undefined });
    expect(Object.values(d!.events).map((e) => e.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
  });
});

describe('hooks', () => {
  it('Given hooks that succeed, when they report, then traffic shifts between them', () => {
    const world = new World();
    const { deployments } = simulate(
      deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes', {}, appSpec('1', '2', hooks())),
      world,
      [
        { at: START + 30_000, act: (_w, d) => report(d, 'Succeeded') },
        { at: START + 10 * MIN, act: (_w, d) => report(d, 'Succeeded') },
      ],
    );
    const d = deployments[0]!;
    expect(d.status).toBe('Succeeded');
    expect(
      world.effects
        .filter((e) => e.kind === 'invokeHook')
        .map((e) => e.kind === 'invokeHook' && [e.functionName, e.payload.DeploymentId]),
    ).toEqual([
      ['pre', 'd-TEST00001'],
      ['post', 'd-TEST00001'],
    ]);
    expect(world.shifts.map(([t]) => (t - START) / 1000)).toEqual([30, 330]);
    expect(d.events.BeforeAllowTraffic).toEqual({
      status: 'Succeeded',
      startTime: START,
      endTime: START + 30_000,
    });
    expect(d.completeTime).toBe(START + 10 * MIN);
  });

  it('Given a failing BeforeAllowTraffic hook, then the deployment fails and the alias is untouched', () => {
    const world = new World();
    const { deployments } = simulate(
      deployment('CodeDeployDefault.LambdaAllAtOnce', {}, appSpec('1', '2', hooks())),
      world,
      [{ at: START + 1000, act: (_w, d) => report(d, 'Failed') }],
    );
    const d = deployments[0]!;
    expect(d).toMatchObject({
      status: 'Failed',
      error: { code: 'HOOK_EXECUTION_FAILURE', message: 'The BeforeAllowTraffic hook pre reported Failed.' },
    });
    expect(Object.values(d.events).map((e) => e.status)).toEqual(['Failed', 'Skipped', 'Skipped']);
    expect(world.shifts).toEqual([]);
    expect(deployments).toHaveLength(1);
  });

  it('Given a hook that never reports, then its event times out after the hook timeout', () => {
    const world = new World();
    const { deployments } = simulate(
      deployment('CodeDeployDefault.LambdaAllAtOnce', {}, appSpec('1', '2', hooks()), {
        hookTimeoutMs: 10 * MIN,
      }),
      world,
    );
    const d = deployments[0]!;
    expect(d.status).toBe('Failed');
    expect(d.completeTime).toBe(START + 10 * MIN);
    expect(d.events.BeforeAllowTraffic.diagnostics?.errorCode).toBe('ScriptTimedOut');
  });

  it('Given an AfterAllowTraffic failure with auto-rollback, then a rollback deployment restores the old version', () => {
    const world = new World();
    const { deployments } = simulate(
      deployment(
        'CodeDeployDefault.LambdaAllAtOnce',
        { autoRollback: { enabled: true, events: ['DEPLOYMENT_FAILURE'] } },
        appSpec('1', '2', hooks()),
      ),
      world,
      [
        { at: START + 1000, act: (_w, d) => report(d, 'Succeeded') },
        { at: START + 2000, act: (_w, d) => report(d, 'Failed') },
      ],
    );
    const [original, rollback] = deployments;
    expect(original).toMatchObject({
      status: 'Failed',
      rollbackInfo: { rollbackDeploymentId: rollback!.id },
    });
    expect(rollback).toMatchObject({
      status: 'Succeeded',
      creator: 'codeDeployRollback',
      configName: 'CodeDeployDefault.LambdaAllAtOnce',
      rollbackInfo: {
        rollbackTriggeringDeploymentId: original!.id,
        rollbackMessage: `Deployment ${rollback!.id} is triggered to roll back deployment ${original!.id}.`,
      },
    });
    expect(world.alias).toEqual({ functionVersion: '1', routing: undefined });
  });
});

describe('alarms and stops', () => {
  const watched = { alarms: { enabled: true, ignorePollAlarmFailure: false, alarms: ['errors'] } };

  it('Given an alarm that fires mid-shift with STOP_ON_ALARM, then the deployment stops and the alias goes back at once', () => {
    const world = new World();
    world.alarms['errors'] = 'OK';
    const { deployments } = simulate(
      deployment('CodeDeployDefault.LambdaLinear10PercentEvery1Minute', {
        ...watched,
        autoRollback: { enabled: true, events: ['DEPLOYMENT_STOP_ON_ALARM'] },
      }),
      world,
      [{ at: START + 3.5 * MIN, act: (w) => void (w.alarms['errors'] = 'ALARM') }],
    );
    const [original, rollback] = deployments;
    expect(original).toMatchObject({ status: 'Stopped', completeTime: START + 3.5 * MIN, targetWeight: 40 });
    expect(original!.error).toEqual({
      code: 'ALARM_ACTIVE',
      message:
        'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: errors',
    });
    expect(original!.rollbackInfo?.rollbackMessage).toBe(
      `Deployment d-TEST00001 terminated. Automatic rollback is triggered with a DeploymentId ${rollback!.id}.`,
    );
    expect(rollback!.status).toBe('Succeeded');
    expect(world.alias).toEqual({ functionVersion: '1', routing: undefined });
    // The rollback's own target is the old version: it got 100% at the moment the alarm fired.
    expect(world.shifts.at(-1)).toEqual([START + 3.5 * MIN, 100]);
  });

  it('Given an alarm already in ALARM, then the deployment stops before any shift', () => {
    const world = new World();
    world.alarms['errors'] = 'ALARM';
    const { deployments } = simulate(
      deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes', watched),
      world,
    );
    expect(deployments[0]).toMatchObject({ status: 'Stopped', error: { code: 'ALARM_ACTIVE' } });
    expect(world.shifts).toEqual([]);
  });

  it('Given a stop without rollback mid-canary, then the alias keeps its weights', () => {
    const world = new World();
    const { deployments } = simulate(
      deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes', {
        autoRollback: { enabled: true, events: ['DEPLOYMENT_STOP_ON_REQUEST'] },
      }),
      world,
      [{ at: START + MIN, act: (_w, d) => ({ ...d, stopRequest: { autoRollbackEnabled: false } }) }],
    );
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({ status: 'Stopped', error: { code: 'MANUAL_STOP' } });
    expect(world.alias).toEqual({ functionVersion: '1', routing: { version: '2', weight: 0.1 } });
  });

  it('Given a stop with rollback, then the alias is restored', () => {
    const world = new World();
    const { deployments } = simulate(deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes'), world, [
      { at: START + MIN, act: (_w, d) => ({ ...d, stopRequest: { autoRollbackEnabled: true } }) },
    ]);
    expect(deployments.map((d) => d.status)).toEqual(['Stopped', 'Succeeded']);
    expect(world.alias).toEqual({ functionVersion: '1', routing: undefined });
  });
});

describe('start-time checks', () => {
  it.each([
    [
      'the alias points elsewhere',
      (w: World) => void (w.alias = { functionVersion: '3', routing: undefined }),
      'INVALID_LAMBDA_CONFIGURATION',
      /alias version does not match the current version/,
    ],
    [
      'the alias already has weights',
      (w: World) => void (w.alias = { functionVersion: '1', routing: { version: '2', weight: 0.5 } }),
      'INVALID_LAMBDA_CONFIGURATION',
      /already routes 50% of traffic to version 2/,
    ],
    [
      'the target version is missing',
      (w: World) => void w.versions.delete('2'),
      'INVALID_LAMBDA_FUNCTION',
      /version 2 of the Lambda function fn does not exist/,
    ],
    [
      'the alias is missing',
      (w: World) => void (w.alias = undefined),
      'INVALID_LAMBDA_FUNCTION',
      /does not exist/,
    ],
  ])('Given %s, then the deployment fails', (_name, arrange, code, message) => {
    const world = new World();
    arrange(world);
    const { deployments } = simulate(deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes'), world);
    expect(deployments[0]!.status).toBe('Failed');
    expect(deployments[0]!.error?.code).toBe(code);
    expect(deployments[0]!.error?.message).toMatch(message);
  });

  it('same current and target: AllAtOnce succeeds as a no-op, canary fails', () => {
    const noop = simulate(
      deployment('CodeDeployDefault.LambdaAllAtOnce', {}, appSpec('1', '1')),
      new World(),
    );
    expect(noop.deployments[0]!.status).toBe('Succeeded');
    const canary = simulate(
      deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes', {}, appSpec('1', '1')),
      new World(),
    );
    expect(canary.deployments[0]!.error?.code).toBe('INVALID_LAMBDA_CONFIGURATION');
  });

  it('an unparsable AppSpec fails with INVALID_REVISION', () => {
    const { deployments } = simulate(
      deployment('CodeDeployDefault.LambdaAllAtOnce', {}, 'version: [\n'),
      new World(),
    );
    expect(deployments[0]!.error).toMatchObject({ code: 'INVALID_REVISION' });
  });
});

describe('minimum sample gate', () => {
  const gate = (policy: 'hold' | 'fail' | 'pass') => ({
    sampleGate: { minInvocations: 100, policy, maxHoldMs: 10 * MIN },
  });

  it('advances only once the target served enough, when traffic is there', () => {
    const world = new World();
    const d = deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes', {}, appSpec(), gate('hold'));
    const { deployments } = simulate(d, world, [
      { at: START + 7 * MIN, act: (w) => void (w.invocations = { current: 900, target: 100 }) },
    ]);
    expect(deployments[0]!.status).toBe('Succeeded');
    expect(world.shifts.map(([t]) => (t - START) / MIN)).toEqual([0, 7]);
    const advance = deployments[0]!.log.find((e) => e.event === 'advance');
    expect(advance?.observed).toEqual({ current: 900, target: 100 });
    expect(advance?.reason).toContain('sample met (100/100)');
  });

  it('hold: fails after the hold deadline; fail: fails at once; pass: goes on', () => {
    const hold = simulate(
      deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes', {}, appSpec(), gate('hold')),
      new World(),
    );
    expect(hold.deployments[0]).toMatchObject({
      status: 'Failed',
      completeTime: START + 15 * MIN,
      error: { code: 'HEALTH_CONSTRAINTS' },
    });
    const fail = simulate(
      deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes', {}, appSpec(), gate('fail')),
      new World(),
    );
    expect(fail.deployments[0]).toMatchObject({ status: 'Failed', completeTime: START + 5 * MIN });
    const pass = simulate(
      deployment('CodeDeployDefault.LambdaCanary10Percent5Minutes', {}, appSpec(), gate('pass')),
      new World(),
    );
    expect(pass.deployments[0]!.status).toBe('Succeeded');
    expect(pass.deployments[0]!.log.some((e) => e.reason.includes('passed without a full sample'))).toBe(
      true,
    );
  });
});

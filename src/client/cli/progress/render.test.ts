import { describe, expect, it } from 'vitest';
import type { DecisionEntry } from '../../../contracts/deployment-view.js';
import { initialProgress, type DeploymentView, type FunctionProgress } from './model.js';
import { eventLines, fit, formatDuration, renderFunction, renderScreen, weightBar, wrap } from './render.js';

const T0 = Date.UTC(2026, 10, 23, 12);

function view(
  over: Partial<DeploymentView> = {},
  g: Partial<DeploymentView['gradual']> = {},
): DeploymentView {
  return {
    applicationName: 'app',
    deploymentGroupName: 'group',
    deploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    deploymentId: 'd-ABCDEF123',
    revision: { revisionType: 'AppSpecContent', appSpecContent: { sha256: 'ab' } },
    status: 'InProgress',
    createTime: T0 / 1000,
    deploymentOverview: { Pending: 0, InProgress: 1, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
    creator: 'user',
    ignoreApplicationStopFailures: false,
    autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
    updateOutdatedInstancesOnly: false,
    deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    instanceTerminationWaitTimeStarted: false,
    fileExistsBehavior: 'DISALLOW',
    deploymentStatusMessages: [],
    computePlatform: 'Lambda',
    serverTime: T0 + 60_000,
    timeScale: 1,
    ...over,
    gradual: {
      target: { functionName: 'hello', alias: 'live', currentVersion: '1', targetVersion: '2', hooks: {} },
      schedule: [
        { weight: 10, holdSeconds: 300 },
        { weight: 100, holdSeconds: 0 },
      ],
      currentStep: 0,
      stepStartedAt: T0,
      stepsAppliedAt: [T0],
      holdingForSample: false,
      phase: 'shifting',
      targetWeight: 10,
      lifecycleEvents: {
        BeforeAllowTraffic: { status: 'Succeeded' },
        AllowTraffic: { status: 'InProgress' },
        AfterAllowTraffic: { status: 'Pending' },
      },
      hooks: [],
      judgement: null,
      alarms: { enabled: true, ignorePollAlarmFailure: false, alarms: ['hello-errors'] },
      decisionLog: [],
      ...g,
    },
  };
}

function progress(v: DeploymentView | undefined, over: Partial<FunctionProgress> = {}): FunctionProgress {
  return {
    ...initialProgress({ functionName: 'hello', alias: 'live', deploymentId: 'd-ABCDEF123' }),
    view: v,
    receivedAt: 1_000,
    ...over,
  };
}

describe('formatting', () => {
  it.each([
    [0, '0s'],
    [999, '1s'],
    [59_000, '59s'],
    [60_000, '1m 00s'],
    [252_000, '4m 12s'],
    [3_900_000, '1h 05m'],
  ])('formatDuration(%i) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [0, 10, '░░░░░░░░░░'],
    [100, 10, '██████████'],
    [10, 10, '░░░░░░░░░█'],
    [1, 10, '░░░░░░░░░█'],
    [99, 10, '░█████████'],
    [50, 20, '░░░░░░░░░░██████████'],
  ])('weightBar(%i, %i) = %s', (weight, width, bar) => expect(weightBar(weight, width)).toBe(bar));

  it('fits and wraps to the width', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 4)).toBe('abc');
    expect(wrap('one two three four five', 9, 2)).toEqual(['one two', 'three fo…']);
  });
});

describe('the redrawn view', () => {
  it.each<[string, FunctionProgress, number, string[]]>([
    ['before the first view arrives', progress(undefined), 80, ['hello:live  d-ABCDEF123  connecting…']],
    [
      'a canary holding, with counts and a countdown',
      progress(view(), {
        alarms: { 'hello-errors': 'OK' },
        counts: { current: { invocations: 90, errors: 0 }, target: { invocations: 10, errors: 1 } },
      }),
      80,
      [
        'hello:live  d-ABCDEF123  InProgress · step 1 of 2 · next in 3m 00s',
        '  v1  90% ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░█████  10% v2',
        '  alarms: hello-errors OK   hooks: none',
        '  last min  v1 90 inv, 0 err   v2 10 inv, 1 err (10.0%)',
      ],
    ],
    [
      'a hook running',
      progress(
        view(
          {},
          {
            phase: 'hook',
            currentStep: null,
            targetWeight: 0,
            alarms: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
            hooks: [
              { executionId: 'e-1', event: 'BeforeAllowTraffic', functionName: 'check', status: 'Pending' },
            ],
          },
        ),
      ),
      80,
      [
        'hello:live  d-ABCDEF123  InProgress · hook BeforeAllowTraffic running',
        '  v1 100% ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░   0% v2',
        '  alarms: none   hooks: BeforeAllowTraffic Pending',
      ],
    ],
    [
      'stopped by an alarm and rolled back',
      progress(
        view(
          {
            status: 'Stopped',
            errorInformation: {
              code: 'ALARM_ACTIVE',
              message:
                'One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <hello-errors>',
            },
            rollbackInfo: { rollbackDeploymentId: 'd-ROLLBACK1', rollbackMessage: 'Rolled back.' },
          },
          { phase: 'done', currentStep: null, targetWeight: 30 },
        ),
        {
          rollback: view({ deploymentId: 'd-ROLLBACK1', status: 'Succeeded' }),
          alarms: { 'hello-errors': 'ALARM' },
        },
      ),
      80,
      [
        'hello:live  d-ABCDEF123  Stopped, rolled back to v1',
        '  v1 100% ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░   0% v2',
        '  alarms: hello-errors ALARM   hooks: none',
        '  One or more alarms have been activated according to the Amazon CloudWatch',
        '  metrics you selected, and the affected deployments have been stopped.',
        '  Activated alarms: <hello-errors>',
      ],
    ],
    [
      'succeeded, at 40 columns',
      progress(view({ status: 'Succeeded' }, { phase: 'done', currentStep: null, targetWeight: 100 })),
      40,
      [
        'hello:live  d-ABCDEF123  Succeeded: all…',
        '  v1   0% ██████████████████████ 100% v2',
        '  alarms: hello-errors …   hooks: none',
      ],
    ],
  ])('%s', (_name, p, width, lines) => {
    const rendered = renderFunction(p, 61_000, width);
    expect(rendered).toEqual(lines);
    for (const line of rendered) expect(line.length).toBeLessThanOrEqual(width);
  });

  it('says when a step is being applied, before its hold starts', () => {
    const applying = progress(view({}, { currentStep: 1, stepStartedAt: null }));
    expect(renderFunction(applying, 61_000, 80)[0]).toBe(
      'hello:live  d-ABCDEF123  InProgress · step 2 of 2 · shifting to 100%',
    );
  });

  it('says when a step holds for its minimum sample', () => {
    const held = progress(
      view(
        {},
        {
          holdingForSample: true,
          decisionLog: [
            {
              at: T0,
              event: 'holding',
              weight: 10,
              observed: { current: 27, target: 3 },
              reason: 'Holding: 3 of 10 invocations.',
            },
          ],
        },
      ),
    );
    expect(renderFunction(held, 61_000, 80)[0]).toBe(
      'hello:live  d-ABCDEF123  InProgress · step 1 of 2 · holding for traffic',
    );
  });

  it('counts down between views at the server time scale', () => {
    const p = progress(view({ timeScale: 60 }));
    // 1 s of wall time is a minute of platform time.
    expect(renderFunction(p, 2_000, 80)[0]).toContain('next in 3m 00s');
  });

  it("labels the counts' minute as the rehearsal clock's", () => {
    const counts = { current: { invocations: 9, errors: 0 }, target: { invocations: 1, errors: 0 } };
    expect(renderFunction(progress(view({ timeScale: 60 }), { counts }), 2_000, 80)[3]).toBe(
      '  last min (60x clock)  v1 9 inv, 0 err   v2 1 inv, 0 err',
    );
  });

  it('draws one line a function when the blocks would not fit the screen', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((name) =>
      progress(view(), { watched: { functionName: name, alias: 'live', deploymentId: `d-${name}` } }),
    );
    expect(renderScreen(many, { wallNow: 61_000, width: 80, height: 24, interruptible: true })).toHaveLength(
      5 * 3 + 4 + 2,
    );
    expect(renderScreen(many, { wallNow: 61_000, width: 80, height: 12, interruptible: true })).toEqual([
      'a:live  v1 90% v2 10%  InProgress · step 1 of 2 · next in 3m 00s',
      'b:live  v1 90% v2 10%  InProgress · step 1 of 2 · next in 3m 00s',
      'c:live  v1 90% v2 10%  InProgress · step 1 of 2 · next in 3m 00s',
      'd:live  v1 90% v2 10%  InProgress · step 1 of 2 · next in 3m 00s',
      'e:live  v1 90% v2 10%  InProgress · step 1 of 2 · next in 3m 00s',
      '',
      'Ctrl-C: stop and roll back',
    ]);
    expect(renderScreen(many, { wallNow: 61_000, width: 80, height: 5, interruptible: false })).toEqual([
      'a:live  v1 90% v2 10%  InProgress · step 1 of 2 · next in 3m 00s',
      'b:live  v1 90% v2 10%  InProgress · step 1 of 2 · next in 3m 00s',
      'c:live  v1 90% v2 10%  InProgress · step 1 of 2 · next in 3m 00s',
      '… and 2 more',
    ]);
  });

  it('tells what Ctrl-C does while anything runs, and shows the question when asked', () => {
    const running = [progress(view({ timeScale: 600 }))];
    expect(renderScreen(running, { wallNow: 1_000, width: 80, interruptible: true }).at(-1)).toBe(
      'Ctrl-C: stop and roll back   (time runs ×600)',
    );
    expect(
      renderScreen(running, { wallNow: 1_000, width: 80, interruptible: true, prompt: 'Stop? [y/N] ' }).at(
        -1,
      ),
    ).toBe('Stop? [y/N] ');
    const done = [progress(view({ status: 'Succeeded' }))];
    expect(renderScreen(done, { wallNow: 1_000, width: 80, interruptible: true })).toHaveLength(3);
  });
});

describe('event lines', () => {
  const entry = (event: 'started' | 'shifted' | 'created', reason: string): DecisionEntry =>
    event === 'shifted' ? { at: T0, event, weight: 10, reason } : { at: T0, event, reason };

  it('prints new decision-log entries, alarm changes and the rollback once each', () => {
    const a = progress(view({}, { decisionLog: [entry('started', 'Shifting.')] }));
    const b = progress(
      view({}, { decisionLog: [entry('started', 'Shifting.'), entry('shifted', 'Step 1 of 2: 10%.')] }),
      { alarms: { 'hello-errors': 'OK' } },
    );
    const c = { ...b, alarms: { 'hello-errors': 'ALARM' } };
    const d = {
      ...c,
      rollback: view({ deploymentId: 'd-ROLLBACK1' }, { decisionLog: [entry('created', 'Rolls back.')] }),
    };
    expect(eventLines(undefined, a)).toEqual(['hello:live d-ABCDEF123 started: Shifting.']);
    expect(eventLines(a, b)).toEqual([
      'hello:live alarm hello-errors: OK',
      'hello:live d-ABCDEF123 shifted: Step 1 of 2: 10%.',
    ]);
    expect(eventLines(b, c)).toEqual(['hello:live alarm hello-errors: OK -> ALARM']);
    expect(eventLines(c, d)).toEqual(['hello:live d-ROLLBACK1 created: Rolls back.']);
    expect(eventLines(d, d)).toEqual([]);
  });
});

describe('the judge in the progress view', () => {
  it("shows the judge's latest look under the counts", () => {
    const judgement = {
      at: T0 + 50_000,
      result: {
        verdict: 'fail' as const,
        checks: [
          {
            check: 'errors',
            kind: 'errors' as const,
            unit: 'rate' as const,
            verdict: 'fail' as const,
            direction: 'increase' as const,
            tolerance: { relative: 0.2, absolute: 0 },
            confidence: 0.99,
            current: { n: 18_000, estimate: 0.003, lower: 0.002, upper: 0.004 },
            target: { n: 2000, estimate: 0.019, lower: 0.012, upper: 0.028 },
            ratio: { estimate: 6.3, lower: 3.1, upper: 12 },
            pWorse: 0.00002,
            pNoWorse: 1,
          },
        ],
      },
    };
    const lines = renderFunction(progress(view({}, { judgement })), 1_000, 100);
    expect(lines).toContain('  judge: errors 1.9% vs 0.30% (tolerated 20%), p < 0.001 -> roll back');
  });
});

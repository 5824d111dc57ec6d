import type { JudgeInput } from '../judge/checks.js';
import type { Deployment, GradualOptions } from '../model.js';
import { newDeployment } from '../new-deployment.js';
import type { GroupRecord } from '../records.js';
import type { AlarmState, AliasView, Effect, Observations } from '../observations.js';
import { step, type StepResult } from '../step.js';
import { PREDEFINED_LAMBDA_CONFIGS } from '../traffic.js';

/** An in-memory world for the pure step function: an alias, versions, alarms and traffic. */
export class World {
  alias: AliasView | undefined = { functionVersion: '1', routing: undefined };
  versions = new Set(['1', '2']);
  alarms: Record<string, AlarmState | undefined> = {};
  invocations = { current: 0, target: 0 };
  /** What the judge sees, when the deployment has one. */
  judge: JudgeInput | undefined = undefined;
  effects: Effect[] = [];
  /** Alias changes with their times: [time, weight of the target in percent]. */
  shifts: [number, number][] = [];

  observe(d: Deployment): Observations {
    const spec = d.spec;
    return {
      alias: this.alias,
      versionsExist: {
        current: spec ? this.versions.has(spec.currentVersion) : false,
        target: spec ? this.versions.has(spec.targetVersion) : false,
      },
      alarms: Object.fromEntries(d.alarms.alarms.map((n) => [n, this.alarms[n]])),
      invocations: this.invocations,
      ...(this.judge ? { judge: this.judge } : {}),
    };
  }

  apply(effect: Effect, now: number, d: Deployment): void {
    this.effects.push(effect);
    if (effect.kind !== 'setAlias') return;
    const [version, weight] = Object.entries(effect.weights)[0] ?? [];
    this.alias = {
      functionVersion: effect.functionVersion,
      routing: version === undefined ? undefined : { version, weight: weight! },
    };
    const target = d.spec!.targetVersion;
    this.shifts.push([
      now,
      effect.functionVersion === target ? 100 - (weight ?? 0) * 100 : (weight ?? 0) * 100,
    ]);
    this.invocations = { current: 0, target: 0 };
  }
}

export const START = Date.UTC(2026, 0, 1);

export function appSpec(current = '1', target = '2', hooks = ''): string {
  return `version: 0.0
Resources:
  - fn:
      Type: AWS::Lambda::Function
      Properties: { Name: fn, Alias: live, CurrentVersion: "${current}", TargetVersion: "${target}" }
${hooks}`;
}

/** A group with no alarms and no automatic rollback. */
export const GROUP: GroupRecord = {
  id: 'group-id',
  applicationName: 'app',
  name: 'group',
  serviceRoleArn: 'arn:aws:iam::000000000000:role/codedeploy',
  deploymentConfigName: 'CodeDeployDefault.LambdaAllAtOnce',
  alarmConfiguration: { enabled: false, ignorePollAlarmFailure: false, alarms: [] },
  autoRollbackConfiguration: { enabled: false, events: [] },
  triggerConfigurations: [],
  tags: [],
  options: {},
};

/** A deployment as CreateDeployment records it, created at START. */
export function deployment(
  config = 'CodeDeployDefault.LambdaAllAtOnce',
  overrides: Partial<Deployment> = {},
  spec = appSpec(),
  options: Partial<GradualOptions> = {},
): Deployment {
  const created = newDeployment({
    id: 'd-TEST00001',
    now: START,
    group: GROUP,
    configName: config,
    routing: PREDEFINED_LAMBDA_CONFIGS[config]!,
    previousRevision: undefined,
    request: {
      applicationName: 'app',
      groupName: 'group',
      configName: config,
      revision: { revisionType: 'AppSpecContent', sha256: 'x' },
      content: spec,
      description: undefined,
      overrideAlarms: undefined,
      autoRollback: undefined,
      options,
      schedule: undefined,
    },
  });
  return { ...created, ...overrides };
}

export interface Timed {
  at: number;
  act(world: World, d: Deployment): Deployment | void;
}

/**
 * Runs deployments the way the engine does, on simulated time: step, apply effects, wake at
 * `wakeAt`, with `events` changing the world at given times. Returns every deployment it saw
 * (rollbacks included) in their final state.
 */
export function simulate(
  first: Deployment,
  world: World,
  events: Timed[] = [],
  until = START + 7 * 24 * 3_600_000,
): { deployments: Deployment[]; now: number } {
  let now = first.createTime;
  let ids = 0;
  const ctx = () => ({
    now,
    newExecutionId: () => `exec-${++ids}`,
    newDeploymentId: () => `d-ROLLBACK${++ids}`,
  });
  const queue: Deployment[] = [first];
  const finished: Deployment[] = [];
  const pending = [...events].sort((a, b) => a.at - b.at);
  while (queue.length > 0) {
    let d = queue.shift()!;
    for (let guard = 0; guard < 10_000; guard++) {
      const result: StepResult = step(d, world.observe(d), ctx());
      d = result.next;
      for (const effect of result.effects) {
        world.apply(effect, now, d);
        if (effect.kind === 'invokeHook') {
          d = {
            ...d,
            hookExecutions: {
              ...d.hookExecutions,
              [effect.executionId]: { ...d.hookExecutions[effect.executionId]!, invoked: true },
            },
          };
        }
      }
      if (result.spawn) queue.push(result.spawn);
      if (result.wakeAt === undefined && pending.length === 0) break;
      const nextEvent = pending[0];
      const wake = result.wakeAt ?? Infinity;
      if (nextEvent && nextEvent.at <= wake) {
        pending.shift();
        now = Math.max(now, nextEvent.at);
        d = nextEvent.act(world, d) ?? d;
      } else if (wake !== Infinity) {
        now = Math.max(now, wake);
      } else {
        break;
      }
      if (now > until) break;
    }
    finished.push(d);
  }
  return { deployments: finished, now };
}

/** Marks a hook execution as reported. */
export function report(d: Deployment, status: 'Succeeded' | 'Failed'): Deployment {
  const phase = d.phase;
  if (phase.kind !== 'hook') return d;
  const exec = d.hookExecutions[phase.executionId]!;
  return { ...d, hookExecutions: { ...d.hookExecutions, [phase.executionId]: { ...exec, status } } };
}

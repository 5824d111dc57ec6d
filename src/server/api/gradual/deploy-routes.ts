import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Clock } from '../../../common/clock.js';
import type { DeployEngine } from '../../deployments/engine.js';
import type { Deployment } from '../../deployments/model.js';
import { isTerminal } from '../../deployments/model.js';
import { parseJudgeConfig, type JudgeConfig } from '../../deployments/judge/config.js';
import { timeToDetect } from '../../deployments/judge/plan.js';
import { planOf } from '../../deployments/plan.js';
import { scheduleOf, type ShiftStep } from '../../deployments/traffic.js';
import type { DeployStore } from '../../deployments/store.js';
import type { ApiEnv, Extension } from '../app.js';
import { DeploymentDoesNotExistException, InvalidInputException } from '../../deployments/errors.js';
import { gradualOptions, routingFor, scheduleOption } from '../codedeploy/settings.js';
import { deploymentInfo } from '../codedeploy/wire.js';

export const GRADUAL_PREFIX = '/_gradual/v1/';

/** A deployment as gradual shows it: CodeDeploy's fields plus the schedule and the decision log. */
export function deploymentView(d: Deployment): Record<string, unknown> {
  return {
    ...deploymentInfo(d),
    gradual: {
      target: d.spec ?? null,
      schedule: d.schedule.map((s) => ({ weight: s.weight, holdSeconds: s.holdMs / 1000 })),
      currentStep: d.phase.kind === 'shifting' ? d.phase.step : null,
      /** When the current step's weight was seen on the alias (platform time, ms). */
      stepStartedAt: d.phase.kind === 'shifting' ? (d.phase.appliedAt ?? null) : null,
      phase: d.phase.kind,
      targetWeight: d.targetWeight,
      lifecycleEvents: d.events,
      hooks: Object.entries(d.hookExecutions).map(([executionId, h]) => ({
        executionId,
        event: h.event,
        functionName: h.functionName,
        status: h.status,
        ...(h.failure ? { failure: h.failure } : {}),
      })),
      alarms: d.alarms,
      decisionLog: d.log,
      /** The judge's latest look: its verdict and evidence per check. */
      judgement: d.judgement ?? null,
    },
  };
}

/**
 * `detect: {baseErrorRate, errorRate}`: when the judge (the plan's, or the default one) would
 * catch that error regression on this schedule at this rate, with the expected counts.
 */
function detectionOf(
  value: unknown,
  judge: JudgeConfig | undefined,
  schedule: readonly ShiftStep[],
  rps: number,
): { detection?: Record<string, unknown> } {
  if (value === undefined) return {};
  const detect = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const base = detect['baseErrorRate'];
  const worse = detect['errorRate'];
  if (
    typeof base !== 'number' ||
    typeof worse !== 'number' ||
    base <= 0 ||
    base >= 1 ||
    worse <= 0 ||
    worse >= 1
  )
    throw new InvalidInputException(
      'detect.baseErrorRate and detect.errorRate must be rates between 0 and 1.',
    );
  const config = judge ?? parseJudgeConfig({});
  const found = timeToDetect(config, { rps, schedule, baseRate: base, ratio: worse / base });
  return {
    detection: {
      baseErrorRate: base,
      errorRate: worse,
      tolerance: config.errors?.tolerance.relative ?? null,
      confidence: 1 - config.alpha,
      afterMs: found.afterMs ?? null,
      targetRequests: found.targetRequests,
      targetErrors: found.targetErrors,
    },
  };
}

function readJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidInputException('The request body must be a JSON object.');
}

/**
 * `/_gradual/v1/`: a deployment with its decision log, live deployment events as server-sent
 * events, and a plan preview. Signed with SigV4 for the service name `gradual`.
 */
export function deployRoutes(deps: {
  store: DeployStore;
  engine: DeployEngine;
  /** The platform clock and its scale: clients count down to the next step in the server's time. */
  clock: Clock;
  timeScale: number;
}): Extension {
  const { store, engine } = deps;
  // The server's time with each view, so a client can tell how long a step has left.
  const timed = (d: Deployment): Record<string, unknown> => ({
    ...deploymentView(d),
    serverTime: deps.clock.now(),
    timeScale: deps.timeScale,
  });
  const load = async (id: string): Promise<Deployment> => {
    const d = await store.read((r) => r.deployment(id));
    if (!d) throw new DeploymentDoesNotExistException(`The deployment ${id} could not be found.`);
    return d;
  };
  return {
    prefix: GRADUAL_PREFIX,
    signingName: 'gradual',
    mount(app: Hono<ApiEnv>) {
      app.get(`${GRADUAL_PREFIX}deployments/:id`, async (c) =>
        c.json({ deployment: timed(await load(c.req.param('id'))) }),
      );

      app.get(`${GRADUAL_PREFIX}deployments/:id/events`, async (c) => {
        const first = await load(c.req.param('id'));
        const response = streamSSE(c, async (stream) => {
          const queue: Deployment[] = [first];
          let wake: (() => void) | undefined;
          const unsubscribe = engine.onChange((d) => {
            if (d.id !== first.id) return;
            queue.push(d);
            wake?.();
          });
          stream.onAbort(() => {
            unsubscribe();
            wake?.();
          });
          try {
            for (;;) {
              const next = queue.shift();
              if (!next) {
                if (stream.aborted) return;
                await new Promise<void>((resolve) => (wake = resolve));
                continue;
              }
              await stream.writeSSE({ event: 'deployment', data: JSON.stringify(timed(next)) });
              if (isTerminal(next)) return;
            }
          } finally {
            unsubscribe();
          }
        });
        // The connection ends with the stream, so it never holds a shutdown open.
        response.headers.set('connection', 'close');
        return response;
      });

      // The platform's clock, for clients that put a user's command on it (`gradual exec`).
      app.get(`${GRADUAL_PREFIX}clock`, (c) => c.json({ now: deps.clock.now(), timeScale: deps.timeScale }));

      app.post(`${GRADUAL_PREFIX}plan`, async (c) => {
        const input = readJson(c.get('body'));
        const rate = input['requestsPerSecond'] ?? 1;
        if (typeof rate !== 'number' || rate < 0)
          throw new InvalidInputException('requestsPerSecond must be a number of requests per second.');
        const configName =
          typeof input['deploymentConfigName'] === 'string'
            ? input['deploymentConfigName']
            : 'CodeDeployDefault.LambdaAllAtOnce';
        const schedule =
          scheduleOption(input['gradualOptions']) ??
          scheduleOf(await store.read((r) => routingFor(r, configName)));
        const options = gradualOptions(input['gradualOptions']);
        const detection = detectionOf(input['detect'], options.judge, schedule, rate);
        return c.json({
          deploymentConfigName: configName,
          plan: { ...planOf(schedule, rate, options.sampleGate?.minInvocations), ...detection },
          // So a client can measure the current traffic in the server's time.
          serverTime: deps.clock.now(),
          timeScale: deps.timeScale,
        });
      });
    },
  };
}

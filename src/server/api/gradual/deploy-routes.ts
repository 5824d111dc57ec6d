import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Clock } from '../../../common/clock.js';
import type { DeployEngine } from '../../deployments/engine.js';
import type { Deployment } from '../../deployments/model.js';
import { isTerminal } from '../../deployments/model.js';
import { parseJudgeConfig, type JudgeConfig } from '../../deployments/judge/config.js';
import { timeToDetect } from '../../deployments/judge/plan.js';
import { planOf, type Detection } from '../../deployments/plan.js';
import { scheduleOf, type ShiftStep } from '../../deployments/traffic.js';
import type { DeployStore } from '../../deployments/store.js';
import type { ApiEnv, Extension } from '../app.js';
import { DeploymentDoesNotExistException, InvalidInputException } from '../../deployments/errors.js';
import { z } from 'zod';
import { routingFor } from '../../deployments/configs.js';
import { codeDeployInvalid, named } from '../codedeploy/input.js';
import { gradualOptions } from '../codedeploy/settings.js';
import {
  GRADUAL_PREFIX,
  type DeploymentResponse,
  type PlanResponse,
  type TimedDeploymentView,
} from '../../../contracts/gradual-api.js';
import { deploymentView } from '../../deployments/view.js';

/** `POST /_gradual/v1/plan`: a config (or an explicit schedule) and a traffic rate. */
const planInput = z.object({
  requestsPerSecond: named(
    z.number().min(0).default(1),
    () => new InvalidInputException('requestsPerSecond must be a number of requests per second.'),
  ),
  deploymentConfigName: z.string().default('CodeDeployDefault.LambdaAllAtOnce'),
  gradualOptions,
  detect: named(
    z.object({ baseErrorRate: z.number().gt(0).lt(1), errorRate: z.number().gt(0).lt(1) }).optional(),
    () =>
      new InvalidInputException('detect.baseErrorRate and detect.errorRate must be rates between 0 and 1.'),
  ),
});

/**
 * `detect: {baseErrorRate, errorRate}`: when the judge (the plan's, or the default one) would
 * catch that error regression on this schedule at this rate, with the expected counts.
 */
function detectionOf(
  detect: { baseErrorRate: number; errorRate: number },
  judge: JudgeConfig | undefined,
  schedule: readonly ShiftStep[],
  rps: number,
): Detection {
  const config = judge ?? parseJudgeConfig({});
  const { baseErrorRate, errorRate } = detect;
  const found = timeToDetect(config, {
    rps,
    schedule,
    baseRate: baseErrorRate,
    ratio: errorRate / baseErrorRate,
  });
  return {
    baseErrorRate,
    errorRate,
    tolerance: config.errors?.tolerance.relative ?? null,
    confidence: 1 - config.alpha,
    afterMs: found.afterMs ?? null,
    targetRequests: found.targetRequests,
    targetErrors: found.targetErrors,
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
  const timed = (d: Deployment): TimedDeploymentView => ({
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
      app.get(`${GRADUAL_PREFIX}deployments/:id`, async (c) => {
        const response: DeploymentResponse = { deployment: timed(await load(c.req.param('id'))) };
        return c.json(response);
      });

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
        const raw = readJson(c.get('body'));
        const parsed = planInput.safeParse(raw);
        if (!parsed.success) throw codeDeployInvalid(parsed.error, raw);
        const {
          requestsPerSecond: rate,
          deploymentConfigName: configName,
          gradualOptions: options,
        } = parsed.data;
        const schedule = options.schedule ?? scheduleOf(await store.read((r) => routingFor(r, configName)));
        const { detect } = parsed.data;
        const response: PlanResponse = {
          deploymentConfigName: configName,
          plan: {
            ...planOf(schedule, rate, options.options.sampleGate?.minInvocations),
            ...(detect ? { detection: detectionOf(detect, options.options.judge, schedule, rate) } : {}),
          },
          // So a client can measure the current traffic in the server's time.
          serverTime: deps.clock.now(),
          timeScale: deps.timeScale,
        };
        return c.json(response);
      });
    },
  };
}

import type { RpcEndpoint } from '../api/endpoint.js';
import { stepFunctionsEndpoint } from '../api/stepfunctions/endpoint.js';
import type { MetricsSystem } from '../metrics/metrics-system.js';
import { ExecutionEngine } from '../states/engine.js';
import type { FunctionRuntime } from './function-runtime.js';
import { statesInvoker, statesMetrics } from './states-ports.js';
import type { ServiceBase, Takeover } from './service-base.js';

/** Step Functions: the execution engine (Standard workflows) and the API (Express ones run in it). */
export function stepFunctions(
  input: ServiceBase & { runtime: FunctionRuntime; metrics: MetricsSystem; takeover: Takeover },
): { executions: ExecutionEngine; endpoint: RpcEndpoint } {
  const { store, random, log, account } = input;
  const { clock } = input.time;
  const invoker = statesInvoker({
    invoker: input.runtime.invoker,
    asyncQueue: input.runtime.asyncQueue,
    random,
    account,
  });
  const metrics = statesMetrics(input.metrics.service);
  const executions = new ExecutionEngine({
    store: store.states,
    clock,
    random,
    log,
    invoker,
    metrics,
    region: account.region,
    ...(input.takeover ? { cluster: input.takeover } : {}),
  });
  input.teardown.defer('Step Functions executions', () => executions.close());
  const endpoint = stepFunctionsEndpoint({
    store: store.states,
    engine: executions,
    clock,
    random,
    place: account,
    sync: {
      store: store.states,
      clock,
      random,
      invoker,
      metrics,
      place: account,
      definitionOf: (text) => executions.definitionOf(text),
    },
  });
  return { executions, endpoint };
}
